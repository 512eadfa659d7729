package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.lxcgroovy.engine.internal.jna.LibC;

/**
 * Asks a container's monitor for its state, with a bound, before the engine makes a liblxc call that asks it too.
 *
 * <p>liblxc reaches the monitor of a running container ({@code lxc-start}'s "[lxc monitor]" process) through an
 * abstract unix socket and waits for its answer in a {@code recvmsg} with no timeout (lxc/lxc#4707, #4257): a
 * monitor that is stopped or stuck holds the caller's thread for ever, inside a native call no interrupt can end.
 * The probe sends the same request liblxc's {@code lxc_cmd_get_state} sends (liblxc 5.0's {@code commands.c}) on a
 * connection of its own and waits at most the bound for the answer, so the liblxc call is made only when the
 * monitor answers. No monitor listening means the container is not running: nothing can hang, the call goes on.
 */
final class MonitorProbe {
    /** How long a call waits for the container's monitor to answer before it fails as timed out. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final LibC C = LibC.INSTANCE;
    /** {@code LXC_CMD_GET_STATE} of liblxc 5.0's {@code lxc_cmd_t}. */
    private static final int LXC_CMD_GET_STATE = 3;
    /** {@code struct lxc_cmd_req} and {@code struct lxc_cmd_rsp}: two ints and a pointer, on 64-bit Linux. */
    private static final int MESSAGE_SIZE = 16;
    /** {@code sun_path}'s 108 bytes less the leading NUL and liblxc's terminating NUL. */
    private static final int NAME_ROOM = 106;
    private static final long FNV1A_64_INIT = 0xcbf29ce484222325L;
    private static final long FNV_64_PRIME = 0x100000001b3L;
    /** A full listen queue refuses a non-blocking connect; it is tried again this often until the bound. */
    private static final long RETRY_MILLIS = 50;

    private MonitorProbe() {
    }

    /**
     * Returns once the monitor of container {@code name} in {@code lxcpath} answers, or at once when none listens;
     * throws TIMED_OUT naming {@code operation} when it does not answer within {@code timeout}.
     */
    static void require(String operation, String name, String lxcpath, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int fd = C.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC | LibC.O_NONBLOCK, 0);
        try {
            Connection connection = connect(fd, address(socketName(lxcpath, name)), deadline);
            if (connection == Connection.NONE) {
                return;     // no monitor: not running
            }
            if (connection == Connection.QUEUE_FULL || !ask(fd, deadline)) {
                throw new LxcException(LxcException.Kind.TIMED_OUT, operation, name, "the container's monitor ("
                        + monitor(lxcpath, name) + ") did not answer within " + LxcTool.seconds(timeout) + " s; liblxc would "
                        + "wait for it without a bound, so nothing was asked of the container (is the monitor stopped "
                        + "or stuck? `kill -CONT` it, or stop the container with `lxc-stop -k`)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxcException(LxcException.Kind.FAILED, operation, name,
                    "interrupted while waiting for the container's monitor", e);
        } finally {
            Posix.closeQuietly(fd);
        }
    }

    /**
     * liblxc's name of the command socket: {@code <lxcpath>/<name>/command}, or when that does not fit, the FNV-1a
     * hash of {@code <lxcpath>/<name>} ({@code lxc_make_abstract_socket_name}).
     */
    static String socketName(String lxcpath, String name) {
        String plain = lxcpath + "/" + name + "/command";
        if (plain.getBytes(StandardCharsets.UTF_8).length < NAME_ROOM) {
            return plain;
        }
        long hash = FNV1A_64_INIT;
        for (byte b : (lxcpath + "/" + name).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_64_PRIME;
        }
        return String.format("lxc/%016x/command", hash);
    }

    /** A {@code sockaddr_un} in the abstract namespace, as long as liblxc's connect makes it (no trailing NUL). */
    private static byte[] address(String socketName) {
        byte[] path = socketName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 1 + path.length).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_UNIX).put((byte) 0).put(path);
        return b.array();
    }

    private enum Connection { MADE, NONE, QUEUE_FULL }

    /**
     * NONE when nothing listens, or on another error that liblxc's own connect meets at once too. A full listen
     * queue (EAGAIN: the monitor accepts nothing) is tried again until the deadline.
     */
    private static Connection connect(int fd, byte[] address, long deadline) throws InterruptedException {
        while (true) {
            try {
                C.connect(fd, address, address.length);
                return Connection.MADE;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EAGAIN) {
                    return Connection.NONE;
                }
                if (System.nanoTime() > deadline) {
                    return Connection.QUEUE_FULL;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /** Sends the state request and waits for the answer (or the monitor closing: it is stopping); false on timeout. */
    private static boolean ask(int fd, long deadline) {
        ByteBuffer request = ByteBuffer.allocate(MESSAGE_SIZE).order(ByteOrder.nativeOrder());
        request.putInt(LXC_CMD_GET_STATE).putInt(0).putLong(0);
        try {
            Posix.writeFully(fd, request.array(), MESSAGE_SIZE);
        } catch (LastErrorException e) {
            return true;    // the monitor closed the connection: the container is stopping, liblxc says so itself
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (Posix.pollIn(fd, (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)))) {
                return true;
            }
        }
    }

    /**
     * "lxc monitor, pid N": the process liblxc titles "[lxc monitor] LXCPATH NAME" (the socket's own credentials
     * name the lxc-start that made it, which daemonized since). Read only for the message.
     */
    private static String monitor(String lxcpath, String name) {
        String title = "[lxc monitor] " + lxcpath + " " + name;
        File[] processes = new File("/proc").listFiles((dir, pid) -> pid.chars().allMatch(Character::isDigit));
        for (File p : processes == null ? new File[0] : processes) {
            try {
                String cmdline = Files.readString(p.toPath().resolve("cmdline")).replace('\0', ' ').trim();
                if (cmdline.equals(title)) {
                    return "lxc monitor, pid " + p.getName();
                }
            } catch (IOException e) {
                // ended meanwhile, or not ours to read
            }
        }
        return "lxc monitor";
    }
}
