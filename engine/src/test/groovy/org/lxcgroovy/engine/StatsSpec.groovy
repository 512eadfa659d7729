package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.time.Duration
import spock.lang.Shared
import spock.lang.Specification

/** Resource figures of a running container, checked against the kernel's own counters on the host. */
@LiblxcHost
class StatsSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = startContainer()
    }

    /** The container the features run on; {@link UnprivilegedStatsSpec} gives an unprivileged one. */
    Container startContainer() {
        LxcHost.running('stats', true)
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "a memory limit set on the container's cgroup is what its usage is read against, and can be lifted again"() {
        when:
        def stats = c.stats
        c.setMemoryLimit(64L << 20)
        long limited = c.memoryLimit
        c.setMemoryLimit(-1)

        then:
        stats.memoryBytes() > 100_000
        stats.memoryBytes() < 256L << 20
        stats.memoryLimitBytes() == -1
        limited == 64L << 20
        c.memoryLimit == -1
        c.memoryUsage > 0
    }

    def "CPU time grows by what a busy loop inside burned, and user + system account for it"() {
        given:
        def before = c.stats

        when:
        def r = c.run('sh', '-c', 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done')
        def after = c.stats
        Duration burned = after.cpuTime() - before.cpuTime()
        Duration split = (after.cpuUser() + after.cpuSystem()) - (before.cpuUser() + before.cpuSystem())
        printf('StatsSpec: loop took %d ms wall, %d ms CPU (user+system %d ms)%n',
                r.duration().toMillis(), burned.toMillis(), split.toMillis())

        then:
        r.exitCode() == 0
        burned >= r.duration().multipliedBy(1).dividedBy(2)   // the loop is CPU-bound
        burned <= r.duration().plusMillis(200)
        (split - burned).abs() < Duration.ofMillis(100)      // ticks of 10 ms, and the attach itself
    }

    def "tasks are counted: a background sleep adds one"() {
        given:
        long before = c.stats.processes()

        when:
        def sleeper = c.attach([:], ['sleep', '30'])
        long during = c.stats.processes()
        sleeper.kill()
        sleeper.waitFor()

        then:
        during == before + 1
    }

    def "eth0's counters are the other end of the host's veth: what the container sends, the host receives"() {
        given:
        String veth = c.getRunningConfigItem('lxc.net.0.veth.pair')
        def hostRx = { new File("/sys/class/net/$veth/statistics/rx_packets").text.trim() as long }
        long sentBefore = c.interfaceStats.eth0.txPackets()
        long hostBefore = hostRx()

        when:
        def ping = c.run('ping', '-c', '5', '-i', '0.2', '10.0.3.1')
        long sent = c.interfaceStats.eth0.txPackets() - sentBefore
        long hostGot = hostRx() - hostBefore

        then:
        ping.exitCode() == 0
        sent >= 5
        hostGot == sent
        c.interfaceStats.keySet().containsAll(['lo', 'eth0'])
        c.stats.interfaces().eth0.rxBytes() > 0
    }

    def "a stopped container has no stats: the error names it and says why"() {
        given:
        def stopped = LxcHost.busybox('stats-stopped')

        when:
        stopped.stats

        then:
        def e = thrown(LxcException)
        e.operation == 'getStats'
        e.container == LxcHost.PREFIX + 'stats-stopped'
        e.reason == 'container is not running'

        cleanup:
        LxcHost.dispose(stopped)
    }
}
