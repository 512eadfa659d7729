package org.lxcgroovy.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Which cgroup item holds a figure, and how to read it, for a controller on cgroup v1 or on the unified v2
 * hierarchy. Hybrid hosts mix both, so the choice is per controller, from the container init's
 * {@code /proc/<pid>/cgroup}. The parsers take the item's text and are pure, so both layouts are testable on
 * either kind of host.
 */
final class CgroupLayout {
    /** Linux reports cpuacct.stat in USER_HZ, which is 100 on every architecture we run on. */
    private static final long USER_HZ = 100;
    /** v1 memory.limit_in_bytes reads PAGE_COUNTER_MAX * page size when unlimited; anything this big is "none". */
    private static final long V1_UNLIMITED = 1L << 62;

    /** Where the host mounts its cgroup hierarchies. */
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final List<String> procCgroup;

    CgroupLayout(List<String> procCgroup) {
        this.procCgroup = procCgroup;
    }

    /** The layout of process {@code pid}'s cgroups, from its {@code /proc/PID/cgroup}. */
    static CgroupLayout ofProcess(int pid) throws IOException {
        return new CgroupLayout(Files.readAllLines(Path.of("/proc", Integer.toString(pid), "cgroup")));
    }

    /** True when {@code controller} is mounted as a cgroup v1 hierarchy for this process. */
    boolean isV1(String controller) {
        return v1Line(controller) != null;
    }

    /** The fields (id, controllers, path) of the v1 hierarchy line that names {@code controller}; null if none. */
    private String[] v1Line(String controller) {
        for (String line : procCgroup) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && !f[0].equals("0") && List.of(f[1].split(",")).contains(controller)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The directory that holds cgroup item {@code key} ("pids.max": controller "pids") for this process, under
     * {@code root} (/sys/fs/cgroup): the controller's v1 hierarchy, else the unified one (under "unified" on a
     * hybrid host).
     */
    Path itemDirectory(Path root, String key) {
        String[] v1 = v1Line(key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
        if (v1 != null) {
            return root.resolve(v1[1]).resolve(v1[2].substring(1));
        }
        for (String line : procCgroup) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && f[0].equals("0")) {
                Path unified = Files.isDirectory(root.resolve("unified")) ? root.resolve("unified") : root;
                return unified.resolve(f[2].substring(1));
            }
        }
        return root;
    }

    /**
     * The file that freezes the container whose init this is: v1's {@code freezer.state}, else v2's
     * {@code cgroup.freeze}, in the container's own cgroup: the ancestor named {@code lxc.payload.*} of init's (an
     * init such as systemd may sit in a child of it, {@code init.scope}), or init's own where there is none.
     */
    Path freezerFile(Path root) {
        String key = isV1("freezer") ? "freezer.state" : "cgroup.freeze";
        Path dir = itemDirectory(root, key);
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            if (d.getFileName().toString().startsWith("lxc.payload.")) {
                return d.resolve(key);
            }
        }
        return dir.resolve(key);
    }

    String memoryUsageKey() {
        return isV1("memory") ? "memory.usage_in_bytes" : "memory.current";
    }

    String memoryLimitKey() {
        return isV1("memory") ? "memory.limit_in_bytes" : "memory.max";
    }

    String memoryLimitValue(long bytes) {
        return bytes >= 0 ? Long.toString(bytes) : isV1("memory") ? "-1" : "max";
    }

    String cpuKey() {
        return isV1("cpuacct") ? "cpuacct.stat" : "cpu.stat";
    }

    String cpuTotalKey() {
        return isV1("cpuacct") ? "cpuacct.usage" : "cpu.stat";
    }

    String blockKey() {
        return isV1("blkio") ? "blkio.throttle.io_service_bytes" : "io.stat";
    }

    static long parseMemoryLimit(String raw) {
        String v = raw.trim();
        if (v.equals("max")) {
            return -1;
        }
        long bytes = Long.parseLong(v);
        return bytes >= V1_UNLIMITED ? -1 : bytes;
    }

    /** Total CPU time: v1 {@code cpuacct.usage} in ns, v2 {@code usage_usec} of {@code cpu.stat}. */
    Duration parseCpuTotal(String raw) {
        return isV1("cpuacct") ? Duration.ofNanos(Long.parseLong(raw.trim())) : Duration.ofNanos(field(raw, "usage_usec") * 1000);
    }

    /** User and system time: v1 {@code cpuacct.stat} in USER_HZ ticks, v2 {@code cpu.stat} in µs. */
    Duration[] parseCpuUserSystem(String raw) {
        if (isV1("cpuacct")) {
            long tick = 1_000_000_000L / USER_HZ;
            return new Duration[] {Duration.ofNanos(field(raw, "user") * tick), Duration.ofNanos(field(raw, "system") * tick)};
        }
        return new Duration[] {Duration.ofNanos(field(raw, "user_usec") * 1000), Duration.ofNanos(field(raw, "system_usec") * 1000)};
    }

    /**
     * Bytes read and written, summed over devices: v1 lines {@code "8:0 Read 4096"} (the "Total" line skipped),
     * v2 lines {@code "8:0 rbytes=4096 wbytes=0 ..."}.
     */
    long[] parseBlockBytes(String raw) {
        long read = 0;
        long write = 0;
        boolean v1 = isV1("blkio");
        for (String line : raw.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (v1 && f.length == 3) {
                if (f[1].equals("Read")) {
                    read += Long.parseLong(f[2]);
                } else if (f[1].equals("Write")) {
                    write += Long.parseLong(f[2]);
                }
            } else if (!v1) {
                for (String kv : f) {
                    if (kv.startsWith("rbytes=")) {
                        read += Long.parseLong(kv.substring(7));
                    } else if (kv.startsWith("wbytes=")) {
                        write += Long.parseLong(kv.substring(7));
                    }
                }
            }
        }
        return new long[] {read, write};
    }

    /** The value of {@code key} in "key value" lines; 0 when absent (as the kernel omits zero counters). */
    private static long field(String raw, String key) {
        for (String line : raw.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(key)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }
}
