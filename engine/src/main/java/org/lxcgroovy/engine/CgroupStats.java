package org.lxcgroovy.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running container's cgroup figures, on cgroup v1 or v2 alike: which version each controller is on comes from
 * its init's {@code /proc/PID/cgroup}, the items from liblxc's {@code get_cgroup_item}.
 */
final class CgroupStats {
    private final Container container;
    private final CgroupLayout layout;

    /** Reads the layout of {@code container}'s init now; {@code operation} names the failure if it is stopped. */
    CgroupStats(Container container, String operation) {
        this.container = container;
        this.layout = container.cgroupLayout(operation);
    }

    /** Why {@code get_cgroup_item(key)} gave nothing: no such item in the container's cgroup, or liblxc could not read it. */
    LxcException whyUnreadable(String key) {
        Path dir = layout.itemDirectory(CgroupLayout.ROOT, key);
        String operation = "getCgroupItem(" + key + ")";
        if (!Files.exists(dir.resolve(key))) {
            return new LxcException(LxcException.Kind.REFUSED, operation, container.getName(),
                    "the container's cgroup has no item '" + key + "' (no such file in " + dir + ")");
        }
        return new LxcException(LxcException.Kind.FAILED, operation, container.getName(), "liblxc could not read " + dir.resolve(key));
    }

    long memoryUsage() {
        return Long.parseLong(item(layout.memoryUsageKey()).trim());
    }

    long memoryLimit() {
        return CgroupLayout.parseMemoryLimit(item(layout.memoryLimitKey()));
    }

    void setMemoryLimit(long bytes) {
        container.setCgroupItem(layout.memoryLimitKey(), layout.memoryLimitValue(bytes));
    }

    Duration cpuTime() {
        return layout.parseCpuTotal(item(layout.cpuTotalKey()));
    }

    /** Everything in one snapshot; the interface counters come from the container's /proc. */
    ContainerStats all() {
        String cpuSplit = item(layout.cpuKey());
        // on cgroup v2 one item (cpu.stat) holds the total as well: read it once
        String cpuTotal = layout.cpuTotalKey().equals(layout.cpuKey()) ? cpuSplit : item(layout.cpuTotalKey());
        Duration[] userSystem = layout.parseCpuUserSystem(cpuSplit);
        long[] block = layout.parseBlockBytes(item(layout.blockKey()));
        return new ContainerStats(memoryUsage(), memoryLimit(), layout.parseCpuTotal(cpuTotal), userSystem[0],
                userSystem[1], block[0], block[1], Long.parseLong(item("pids.current").trim()),
                container.getInterfaceStats());
    }

    private String item(String key) {
        return container.getCgroupItem(key);
    }
}
