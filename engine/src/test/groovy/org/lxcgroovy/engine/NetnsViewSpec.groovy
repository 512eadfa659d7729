package org.lxcgroovy.engine

import java.nio.file.Path
import spock.lang.Specification
import spock.lang.Tag

/**
 * Addresses and interfaces from a container's /proc/PID/net files: recorded from a busybox container on lxcbr0
 * (10.0.3.210); its if_inet6 had only lo, so a global and a link-local address on eth0 were added in the kernel's
 * format.
 */
@Tag('unit')
class NetnsViewSpec extends Specification {
    NetnsView view = new NetnsView(Path.of(getClass().getResource('netns-busybox').toURI()))

    def "IPv4: the local addresses of the routing trie, without loopback unless asked for"() {
        expect:
        view.ips('inet', null, 0) == ['10.0.3.210']
        view.ips('inet', 'eth0', 0) == ['10.0.3.210']
        view.ips('inet', 'lo', 0) == ['127.0.0.1']
        view.ips('inet', 'eth1', 0) == []
    }

    def "IPv6: scope 0 is the global address, a link-local one answers to its interface index, both compressed as inet_ntop"() {
        expect:
        view.ips('inet6', null, 0) == ['fd42::16:3eff:feaa:bb01']
        view.ips('inet6', 'eth0', 2) == ['fe80::16:3eff:feaa:bb01']
        view.ips('inet6', 'lo', 0) == ['::1']
        view.ips(null, null, 0) == ['10.0.3.210', 'fd42::16:3eff:feaa:bb01']
    }

    def "interfaces in the kernel's order, with their counters"() {
        when:
        def stats = view.interfaceStats()

        then:
        view.interfaces() == ['lo', 'eth0']
        stats.eth0.rxBytes() == 1950
        stats.eth0.rxPackets() == 15
        stats.eth0.txBytes() == 1206
        stats.eth0.txPackets() == 5
        stats.lo.rxBytes() == 0
    }

    def "zero runs compress as inet_ntop does: the longest run of two or more"() {
        expect:
        NetnsView.compress(full) == compressed

        where:
        full                        | compressed
        '2001:db8:0:0:0:0:0:1'      | '2001:db8::1'
        '0:0:0:0:0:0:0:1'           | '::1'
        'fe80:0:0:0:216:3eff:0:1'   | 'fe80::216:3eff:0:1'
        '2001:db8:0:1:0:0:0:1'      | '2001:db8:0:1::1'
        '2001:db8:1:2:3:4:5:6'      | '2001:db8:1:2:3:4:5:6'
    }
}
