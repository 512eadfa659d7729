package org.lxcgroovy.engine

import java.time.Duration
import spock.lang.Specification
import spock.lang.Tag

/** The cgroup figures read the same on v1, v2 and hybrid hosts (pure: items as the kernel prints them). */
@Tag("unit")
class CgroupLayoutSpec extends Specification {
    static final List<String> HYBRID = ['9:name=systemd:/lxc.payload.web', '8:pids:/lxc.payload.web',
                                        '7:blkio:/lxc.payload.web', '4:memory:/lxc.payload.web',
                                        '2:cpu,cpuacct:/lxc.payload.web', '0::/lxc.payload.web']
    static final List<String> UNIFIED = ['0::/lxc.payload.web']

    def "controllers are told apart per hierarchy: a v1 line counts, the unified 0:: line does not"() {
        expect:
        new CgroupLayout(HYBRID).isV1('memory')
        new CgroupLayout(HYBRID).isV1('cpuacct')     // co-mounted "cpu,cpuacct"
        !new CgroupLayout(HYBRID).isV1('io')
        !new CgroupLayout(UNIFIED).isV1('memory')
        new CgroupLayout(HYBRID).memoryUsageKey() == 'memory.usage_in_bytes'
        new CgroupLayout(UNIFIED).memoryUsageKey() == 'memory.current'
        new CgroupLayout(UNIFIED).memoryLimitValue(-1) == 'max'
        new CgroupLayout(HYBRID).memoryLimitValue(-1) == '-1'
        new CgroupLayout(UNIFIED).memoryLimitValue(1 << 20) == '1048576'
    }

    def "memory limits: v1's page-counter maximum and v2's 'max' both mean unlimited"() {
        expect:
        CgroupLayout.parseMemoryLimit('9223372036854771712\n') == -1
        CgroupLayout.parseMemoryLimit('max\n') == -1
        CgroupLayout.parseMemoryLimit('67108864\n') == 67108864
    }

    def "CPU time: v1 cpuacct in ns and USER_HZ ticks, v2 cpu.stat in microseconds"() {
        given:
        def v1 = new CgroupLayout(HYBRID)
        def v2 = new CgroupLayout(UNIFIED)
        String cpuStat = 'usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\nnr_periods 0\n'

        expect:
        v1.parseCpuTotal('7600203\n') == Duration.ofNanos(7600203)
        v1.parseCpuUserSystem('user 12\nsystem 3\n') as List == [Duration.ofMillis(120), Duration.ofMillis(30)]
        v2.parseCpuTotal(cpuStat) == Duration.ofMillis(1500)
        v2.parseCpuUserSystem(cpuStat) as List == [Duration.ofSeconds(1), Duration.ofMillis(500)]
    }

    def "block bytes are the sum over devices, v1's Total line not counted twice"() {
        given:
        String v1Item = '8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Total 12288\n8:16 Read 1\n8:16 Write 2\nTotal 12291\n'
        String v2Item = '8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n8:16 rbytes=1 wbytes=2 rios=1 wios=1 dbytes=0 dios=0\n'

        expect:
        new CgroupLayout(HYBRID).parseBlockBytes(v1Item) as List == [4097L, 8194L]
        new CgroupLayout(UNIFIED).parseBlockBytes(v2Item) as List == [4097L, 8194L]
        new CgroupLayout(HYBRID).parseBlockBytes('Total 0\n') as List == [0L, 0L]
    }
}
