package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lxcgroovy.engine.internal.jna.LibC;

/**
 * What the engine needs of this host beyond liblxc, as {@code lxc-groovy doctor} reports it: the system calls it
 * relies on (each probed with arguments it must refuse, so nothing is opened, closed or signalled) and root's
 * subordinate id ranges for unprivileged containers.
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

    /** Root's subordinate uid ranges in /etc/subuid, each {start, count}; empty when it has none. */
    public static List<long[]> rootSubordinateUids() {
        return new ArrayList<>(SubordinateIds.ranges(SubordinateIds.SUBUID, "root", 0));
    }

    /** Root's subordinate gid ranges in /etc/subgid, each {start, count}; empty when it has none. */
    public static List<long[]> rootSubordinateGids() {
        return new ArrayList<>(SubordinateIds.ranges(SubordinateIds.SUBGID, "root", 0));
    }
}
