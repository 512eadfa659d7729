package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.lxcgroovy.engine.internal.jna.LibC;
import org.lxcgroovy.engine.internal.jna.LibcStructs;

/** The engine's small POSIX toolbox over {@link LibC}: pipes, pidfds, polling, process trees. */
final class Posix {
    static final short POLLIN = 1;

    private Posix() {
    }

    private static final LibC C = LibC.INSTANCE;

    /** A pipe whose both ends are close-on-exec: {read, write}. */
    static int[] pipe() {
        int[] fds = new int[2];
        C.pipe2(fds, LibC.O_CLOEXEC);
        return fds;
    }

    static int open(String path, int flags, int mode) {
        return C.open(path, flags | LibC.O_CLOEXEC, mode);
    }

    static void closeQuietly(int fd) {
        if (fd > 2) {
            try {
                C.close(fd);
            } catch (LastErrorException ignored) {
                // already closed or invalid: nothing left to release
            }
        }
    }

    /** Marks every fd from 3 up close-on-exec, so no JVM fd reaches a process liblxc forks and execs. */
    static void cloexecFromThree() {
        C.syscall(LibC.SYS_CLOSE_RANGE, 3L, 0xFFFFFFFFL, (long) LibC.CLOSE_RANGE_CLOEXEC);
    }

    static int pidfdOpen(int pid) {
        return (int) C.syscall(LibC.SYS_PIDFD_OPEN, (long) pid, 0L);
    }

    static void pidfdSignal(int pidfd, int signal) {
        try {
            C.syscall(LibC.SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) signal, 0L, 0L);
        } catch (LastErrorException ignored) {
            // the process is already gone
        }
    }

    /** Waits until {@code fd} is readable (or hung up); false on timeout. */
    static boolean pollIn(int fd, int timeoutMillis) {
        Memory pfd = LibcStructs.PollFd.of(fd, POLLIN);
        try {
            return C.poll(pfd, 1, timeoutMillis) > 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EINTR) {
                return false;
            }
            throw e;
        }
    }

    /** Reaps {@code pid} and returns its wait status. */
    static int waitpid(int pid) {
        com.sun.jna.ptr.IntByReference status = new com.sun.jna.ptr.IntByReference();
        while (true) {
            try {
                C.waitpid(pid, status, 0);
                return status.getValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw e;
                }
            }
        }
    }

    /** Every descendant of {@code pid}, read from /proc without forking. */
    static List<Integer> descendants(int pid) {
        Set<Integer> seen = new LinkedHashSet<>();
        List<Integer> queue = new ArrayList<>(List.of(pid));
        while (!queue.isEmpty()) {
            int p = queue.remove(0);
            for (int child : children(p)) {
                if (seen.add(child)) {
                    queue.add(child);
                }
            }
        }
        return new ArrayList<>(seen);
    }

    private static List<Integer> children(int pid) {
        List<Integer> out = new ArrayList<>();
        Path tasks = Path.of("/proc", Integer.toString(pid), "task");
        try (var stream = Files.newDirectoryStream(tasks)) {
            for (Path task : stream) {
                try {
                    for (String s : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!s.isEmpty()) {
                            out.add(Integer.parseInt(s));
                        }
                    }
                } catch (IOException ignored) {
                    // the task ended while we looked
                }
            }
        } catch (IOException ignored) {
            // the process ended while we looked
        }
        return out;
    }

    /** Stops the whole tree first (so nothing forks away), then kills it. The root is signalled through its pidfd. */
    static void killTree(int pid, int pidfd) {
        pidfdSignal(pidfd, 19); // SIGSTOP
        Set<Integer> all = new LinkedHashSet<>();
        for (int round = 0; round < 5; round++) {
            List<Integer> found = descendants(pid);
            boolean grew = all.addAll(found);
            for (int d : found) {
                signal(d, 19);
            }
            if (!grew) {
                break;
            }
        }
        for (int d : all) {
            signal(d, LibC.SIGKILL);
        }
        pidfdSignal(pidfd, LibC.SIGKILL);
    }

    private static void signal(int pid, int sig) {
        try {
            C.kill(pid, sig);
        } catch (LastErrorException ignored) {
            // already gone
        }
    }

    static String strerror(int errno) {
        return C.strerror(errno);
    }

    /** How a reason names a system error: "No such file or directory (errno 2)". */
    static String errnoText(int errno) {
        return strerror(errno) + " (errno " + errno + ")";
    }

    static long read(int fd, byte[] buf) {
        while (true) {
            try {
                return C.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw e;
                }
            }
        }
    }

    static void writeFully(int fd, byte[] buf, int len) {
        int off = 0;
        while (off < len) {
            byte[] chunk = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, len);
            try {
                long n = C.write(fd, chunk, off == 0 ? len : chunk.length);
                off += (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw e;
                }
            }
        }
    }
}
