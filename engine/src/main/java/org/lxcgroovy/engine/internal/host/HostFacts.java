package org.lxcgroovy.engine.internal.host;

import com.sun.jna.LastErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.lxcgroovy.engine.internal.jna.LibC;

/**
 * What the engine needs of this host beyond liblxc, as {@code lxc-groovy doctor} reports it: the system calls it
 * relies on (each probed with arguments it must refuse, so nothing is opened, closed or signalled) and the
 * subordinate id ranges of unprivileged containers. Not API: the module does not export this package; the
 * lxc-groovy command (on the class path) and the engine itself use it.
 */
public final class HostFacts {
    /** The system calls the engine uses, each with what it is for. */
    public static final Map<String, String> SYSTEM_CALLS = Map.of(
            "openat2", "container files that no symlink leads out of (RESOLVE_IN_ROOT)",
            "pidfd_open", "waiting for and killing attached processes without pid reuse races",
            "close_range", "keeping the JVM's descriptors out of attached processes");

    private HostFacts() {
    }

    /** Whether the kernel has {@code name}, one of {@link #SYSTEM_CALLS}: any answer but ENOSYS. */
    public static boolean kernelHas(String name) {
        try {
            switch (name) {
                case "openat2" -> LibC.INSTANCE.syscall(LibC.SYS_OPENAT2, -1L, 0L, 0L, 0L);       // EBADF/EFAULT/EINVAL
                case "pidfd_open" -> LibC.INSTANCE.syscall(LibC.SYS_PIDFD_OPEN, -1L, 0L);         // EINVAL
                case "close_range" -> LibC.INSTANCE.syscall(LibC.SYS_CLOSE_RANGE, 1L, 0L, 0L);    // EINVAL: first > last
                default -> throw new IllegalArgumentException("not a system call the engine uses: " + name
                        + "; known: " + new TreeMap<>(SYSTEM_CALLS).keySet());
            }
            return true;
        } catch (LastErrorException e) {
            return e.getErrorCode() != LibC.ENOSYS;
        }
    }

    public static final Path SUBUID = Path.of("/etc/subuid");
    public static final Path SUBGID = Path.of("/etc/subgid");

    /** Root's subordinate uid ranges in /etc/subuid, each {start, count}; empty when it has none. */
    public static List<long[]> rootSubordinateUids() throws IOException {
        return new ArrayList<>(subordinateRanges(SUBUID, "root", 0));
    }

    /** Root's subordinate gid ranges in /etc/subgid, each {start, count}; empty when it has none. */
    public static List<long[]> rootSubordinateGids() throws IOException {
        return new ArrayList<>(subordinateRanges(SUBGID, "root", 0));
    }

    /** The [start, count] ranges a subordinate id file gives a user (by name or by uid); none when it is missing. */
    public static List<long[]> subordinateRanges(Path file, String user, long uid) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return lines.stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split(":"))
                .filter(f -> f.length == 3 && (f[0].equals(user) || f[0].equals(Long.toString(uid))))
                .map(f -> new long[] {Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim())}).toList();
    }
}
