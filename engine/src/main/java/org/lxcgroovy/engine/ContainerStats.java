package org.lxcgroovy.engine;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a running container's resource use, the same on cgroup v1 and v2 hosts (go-lxc's MemoryUsage,
 * MemoryLimit, CPUTime, CPUStats, BlkioUsage and InterfaceStats in one call).
 *
 * @param memoryBytes      memory charged to the container now
 * @param memoryLimitBytes its memory limit; -1 when unlimited
 * @param cpuTime          CPU time used since start, all CPUs together
 * @param cpuUser          of which in user mode
 * @param cpuSystem        of which in kernel mode
 * @param blockReadBytes   bytes read from block devices
 * @param blockWriteBytes  bytes written to block devices
 * @param processes        tasks in the container now
 * @param interfaces       counters per network interface, {@code lo} included
 */
public record ContainerStats(long memoryBytes, long memoryLimitBytes, Duration cpuTime, Duration cpuUser,
                             Duration cpuSystem, long blockReadBytes, long blockWriteBytes, long processes,
                             Map<String, InterfaceStats> interfaces) {
}
