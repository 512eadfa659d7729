package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.ForkCount
import org.lxcgroovy.engine.support.IpWaitProbe
import org.lxcgroovy.engine.support.LiblxcHost
import java.util.concurrent.CompletableFuture
import spock.lang.Specification
import spock.lang.Shared

/** Waiting for an address polls /proc without forking and sees the address promptly. */
@LiblxcHost
class IpWaitSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = startContainer()
    }

    /** The container the features run on; {@link UnprivilegedIpWaitSpec} gives an unprivileged one. */
    Container startContainer() {
        LxcHost.running('ipwait', true)
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    /** Runs {@link IpWaitProbe} under strace ({@link ForkCount}): [polls, processes its JVM forked during the wait]. */
    List<Integer> probe(String mode) {
        def (String out, int forks) = ForkCount.run([], IpWaitProbe.name, [mode, c.name], IpWaitProbe.BEGIN, IpWaitProbe.END)
        [out.readLines().last().trim() as int, forks]
    }

    def "a 2 second wait for an address that never comes forks nothing (liblxc's get_ips, the control, forks per poll)"() {
        when:
        def (_, forks) = probe('engine')
        def (polls, liblxcForks) = probe('liblxc')
        printf('IpWaitSpec: a 2 s wait through the engine forked %d processes; liblxc get_ips, %d polls: %d%n',
                forks, polls, liblxcForks)

        then:
        polls > 0                // (how many fit in 2 s under strace depends on the machine's load: 32 to 136 seen)
        liblxcForks >= polls     // the count sees forks: one per poll of the control
        forks == 0
    }

    def "an address is seen within 100 ms of appearing"() {
        given: 'no DHCP client to interfere, and no IPv4 address on eth0'
        c.run('killall', 'udhcpc')
        assert c.run('ip', 'addr', 'flush', 'dev', 'eth0')
        assert c.getIps(family: 'inet') == []

        when:
        def waiting = CompletableFuture.supplyAsync {
            def ips = c.getIps(family: 'inet', interface: 'eth0', timeout: 10)
            [ips, System.nanoTime()]
        }
        Thread.sleep(300)
        long adding = System.nanoTime()
        assert c.run('ip', 'addr', 'add', '10.0.3.251/24', 'dev', 'eth0')
        long added = System.nanoTime()     // the address exists by now: the attach's own cost is not the wait's
        def (ips, seen) = waiting.get()
        double lagMs = ((seen as long) - added) / 1e6
        printf('IpWaitSpec: address seen %.1f ms after the command that added it returned (it ran %.1f ms)%n',
                lagMs, (added - adding) / 1e6)

        then:
        ips == ['10.0.3.251']
        lagMs < 100
    }

    def "IPv6 addresses and the interface list match what liblxc itself reports"() {
        when:
        c.run('ip', '-6', 'addr', 'add', 'fd42::51/64', 'dev', 'eth0')
        def ours = c.getIps(family: 'inet6', timeout: 5)

        then:
        ours.contains('fd42::51')
        ours == c.getIpsFromLiblxc('inet6', null, 0)
        c.getIps(family: 'inet') == c.getIpsFromLiblxc('inet', null, 0)
        c.interfaces.sort(false) == c.interfacesFromLiblxc.sort(false)
    }
}
