package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lxcgroovy.engine.internal.jna.LibC;
import org.lxcgroovy.engine.internal.jna.LibcStructs.CmsgHdr;
import org.lxcgroovy.engine.internal.jna.LibcStructs.IoVec;
import org.lxcgroovy.engine.internal.jna.LibcStructs.MsgHdr;
import org.lxcgroovy.engine.internal.jna.LibcStructs.SigSet;
import org.lxcgroovy.engine.internal.jna.LibcStructs.SpawnAttr;
import org.lxcgroovy.engine.internal.jna.LibcStructs.SpawnFileActions;

/**
 * The transport to a helper process: a {@code SOCK_SEQPACKET} socket pair whose far end is the helper's fd 3,
 * messages of NUL-terminated strings, descriptors attached by {@code SCM_RIGHTS}. The helper is started with
 * {@code posix_spawn}, which does not copy the JVM (glibc's uses a vfork-like clone), in a session of its own (no
 * terminal signal reaches it), with /dev/null as stdin, stdout and stderr.
 */
final class HelperChannel implements AutoCloseable {
    /** Descriptors one message may carry. */
    static final int MAX_FDS = 3;
    private static final int MAX_MESSAGE = 256 * 1024;
    private static final LibC C = LibC.INSTANCE;

    private final int fd;
    final int pid;
    /** The reader's buffers, made once: one reader at a time uses them. */
    private final Memory receiveBuffer = new Memory(MAX_MESSAGE);
    private final Memory receiveIov = new Memory(IoVec.SIZEOF);
    private final Memory receiveControl = new Memory(CmsgHdr.space(MAX_FDS));
    private final Memory receiveHeader = new Memory(MsgHdr.SIZEOF);
    private volatile boolean closed;

    private HelperChannel(int fd, int pid) {
        this.fd = fd;
        this.pid = pid;
        receiveIov.setPointer(IoVec.IOV_BASE, receiveBuffer);
        receiveIov.setLong(IoVec.IOV_LEN, MAX_MESSAGE);
        receiveHeader.clear();
        receiveHeader.setPointer(MsgHdr.MSG_IOV, receiveIov);
        receiveHeader.setLong(MsgHdr.MSG_IOVLEN, 1);
        receiveHeader.setPointer(MsgHdr.MSG_CONTROL, receiveControl);
    }

    /** Starts {@code argv} (argv[0] the program's path) with one end of a new socket pair as its fd 3. */
    static HelperChannel spawn(List<String> argv) {
        int[] pair = new int[2];
        C.socketpair(LibC.AF_UNIX, LibC.SOCK_SEQPACKET | LibC.SOCK_CLOEXEC, 0, pair);
        Memory actions = new Memory(SpawnFileActions.SIZEOF);
        Memory attr = new Memory(SpawnAttr.SIZEOF);
        Memory noSignals = new Memory(SigSet.SIZEOF);
        noSignals.clear();
        C.posix_spawn_file_actions_init(actions);
        C.posix_spawnattr_init(attr);
        try {
            C.posix_spawn_file_actions_adddup2(actions, pair[1], 3); // dup2 clears close-on-exec on fd 3
            for (int stdio = 0; stdio <= 2; stdio++) {
                C.posix_spawn_file_actions_addopen(actions, stdio, "/dev/null", stdio == 0 ? LibC.O_RDONLY : LibC.O_WRONLY, 0);
            }
            C.posix_spawnattr_setflags(attr, (short) (LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSID));
            C.posix_spawnattr_setsigmask(attr, noSignals);
            IntByReference pid = new IntByReference();
            String[] env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", null};
            String[] args = argv.toArray(new String[argv.size() + 1]);
            int error = C.posix_spawn(pid, argv.get(0), actions, attr, args, env);
            Posix.closeQuietly(pair[1]);
            if (error != 0) {
                Posix.closeQuietly(pair[0]);
                throw new LxcException(LxcException.Kind.SYSTEM_ERROR, "attach", null, "cannot start the attach helper "
                        + argv.get(0) + ": " + Posix.errnoText(error), error, null);
            }
            return new HelperChannel(pair[0], pid.getValue());
        } finally {
            C.posix_spawn_file_actions_destroy(actions);
            C.posix_spawnattr_destroy(attr);
        }
    }

    /** Sends one message of {@code fields} with {@code fds} attached (none when empty). */
    void send(List<String> fields, int[] fds) {
        byte[] body = String.join("\0", fields).concat("\0").getBytes(StandardCharsets.UTF_8);
        if (body.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("attach request of " + body.length + " bytes: more than " + MAX_MESSAGE);
        }
        Memory data = new Memory(body.length);
        data.write(0, body, 0, body.length);
        Memory iov = new Memory(IoVec.SIZEOF);
        iov.setPointer(IoVec.IOV_BASE, data);
        iov.setLong(IoVec.IOV_LEN, body.length);
        Memory msg = new Memory(MsgHdr.SIZEOF);
        msg.clear();
        msg.setPointer(MsgHdr.MSG_IOV, iov);
        msg.setLong(MsgHdr.MSG_IOVLEN, 1);
        if (fds.length > 0) {
            Memory control = new Memory(CmsgHdr.space(fds.length));
            control.clear();
            control.setLong(CmsgHdr.CMSG_LEN, CmsgHdr.length(fds.length));
            control.setInt(CmsgHdr.CMSG_LEVEL, LibC.SOL_SOCKET);
            control.setInt(CmsgHdr.CMSG_TYPE, LibC.SCM_RIGHTS);
            control.write(CmsgHdr.SIZEOF, fds, 0, fds.length);
            msg.setPointer(MsgHdr.MSG_CONTROL, control);
            msg.setLong(MsgHdr.MSG_CONTROLLEN, control.size());
        }
        while (true) {
            try {
                C.sendmsg(fd, msg, LibC.MSG_NOSIGNAL);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw new LxcException(LxcException.Kind.SYSTEM_ERROR, "attach", null,
                            "the attach helper cannot be reached: " + Posix.errnoText(e.getErrorCode()), e.getErrorCode(), e);
                }
            }
        }
    }

    /** A message from the helper: its fields and the descriptors it carried (close-on-exec, now the caller's). */
    record Message(List<String> fields, int[] fds) {
    }

    /** Blocks for the next message; null once the helper has closed its end (it ended). One reader at a time. */
    Message receive() {
        Memory control = receiveControl;
        Memory msg = receiveHeader;
        control.clear();
        msg.setLong(MsgHdr.MSG_CONTROLLEN, control.size());   // recvmsg shrinks it to what came
        long n;
        while (true) {
            try {
                n = C.recvmsg(fd, msg, LibC.MSG_CMSG_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    return null; // closed under us, or the helper is gone
                }
            }
        }
        if (n <= 0) {
            return null;
        }
        int[] fds = new int[0];
        long controlLength = msg.getLong(MsgHdr.MSG_CONTROLLEN);
        if (controlLength >= CmsgHdr.SIZEOF && control.getInt(CmsgHdr.CMSG_LEVEL) == LibC.SOL_SOCKET
                && control.getInt(CmsgHdr.CMSG_TYPE) == LibC.SCM_RIGHTS) {
            int count = (int) ((control.getLong(CmsgHdr.CMSG_LEN) - CmsgHdr.SIZEOF) / 4);
            fds = control.getIntArray(CmsgHdr.SIZEOF, Math.min(count, MAX_FDS));
        }
        byte[] body = receiveBuffer.getByteArray(0, (int) n);
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                fields.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return new Message(fields, fds);
    }

    /**
     * Ends the channel: the helper sees the end of its input and exits, and a {@link #receive()} in progress returns
     * null (a plain close would not wake it). Idempotent; the descriptor itself is closed by {@link #release()}.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                C.shutdown(fd, LibC.SHUT_RDWR);
            } catch (LastErrorException ignored) {
                // the helper is gone already
            }
        }
    }

    /** After the reader has seen the end: the descriptor is closed and the helper process reaped. */
    int release() {
        close();
        Posix.closeQuietly(fd);
        return Posix.waitpid(pid);
    }

    @Override
    public String toString() {
        return "HelperChannel[pid " + pid + ", fd " + fd + "]" + (closed ? " closed" : "");
    }
}
