package org.lxcgroovy.cli.doctor

import org.lxcgroovy.dsl.net.DhcpLeases
import org.lxcgroovy.dsl.net.DnsmasqSetup
import spock.lang.Specification
import spock.lang.Tag

/** The doctor's pure parts: dnsmasq's setup from its command line and files, NICs from config files, the text. */
@Tag('unit')
class DoctorLogicSpec extends Specification {
    /** lxc-net's dnsmasq, as /proc/<pid>/cmdline has it on Debian 12. */
    static final List<String> LXC_NET = ('dnsmasq --conf-file=/dev/null -u dnsmasq --strict-order --bind-interfaces ' +
            '--pid-file=/run/lxc/dnsmasq.pid --listen-address 10.0.3.1 --dhcp-range 10.0.3.2,10.0.3.254 ' +
            '--dhcp-lease-max=253 --dhcp-no-override --except-interface=lo --interface=lxcbr0 ' +
            '--dhcp-leasefile=/var/lib/misc/dnsmasq.lxcbr0.leases --dhcp-authoritative').split(' ').toList()

    def "lxc-net's stock dnsmasq: lxcbr0, 10.0.3.1, 253 addresses, and it pings before offering"() {
        when:
        def setup = DnsmasqSetup.parse(42, LXC_NET) { [] }

        then:
        setup.interfaces == ['lxcbr0']
        setup.listenAddresses == ['10.0.3.1']
        setup.dhcpRanges == [['10.0.3.2', '10.0.3.254']]
        setup.addresses() == 253
        setup.leaseMax == 253
        setup.capacity() == 253
        setup.leaseFile == '/var/lib/misc/dnsmasq.lxcbr0.leases'
        !setup.noPing
        setup.confFiles == []
        setup.serves('lxcbr0', null)
        setup.serves('other', '10.0.3.1')
        !setup.serves('other', '10.0.4.1')
    }

    def "a lease file's IPv4 leases, MACs in lower case; the IPv6 part after duid left out; those of unknown MACs picked out"() {
        given:
        List<String> file = ['1796284793 00:16:3E:12:3C:83 10.0.3.182 * 01:00:16:3e:12:3c:83',
                             '1796284781 00:16:3e:a6:e8:69 10.0.3.181 web-1 *',
                             'duid 00:01:00:01:2c:aa:bb:cc:dd:ee:ff:00',
                             '1796284781 1234 fd42::5 * 00:01:00:01']

        when:
        def leases = DhcpLeases.parse(file)

        then:
        leases.size() == 2
        leases.leases == [['00:16:3e:12:3c:83', '10.0.3.182'], ['00:16:3e:a6:e8:69', '10.0.3.181']]
        leases.notOf(['00:16:3e:a6:e8:69'] as Set) == [['00:16:3e:12:3c:83', '10.0.3.182']]
        DnsmasqSetup.parse(1, ['dnsmasq', '-l', '/tmp/l', '-X', '3', '-F', '10.0.0.2,10.0.0.9']) { [] }.capacity() == 3
    }

    def "no-ping in the file LXC_DHCP_CONFILE names (lxc-net passes it as --conf-file), or on the command line"() {
        given:
        List<String> withFile = LXC_NET.collect { it == '--conf-file=/dev/null' ? '--conf-file=/etc/lxc/dnsmasq.conf' : it }
        Map<String, List<String>> files = ['/etc/lxc/dnsmasq.conf': ['# lxc-groovy doctor told me', 'no-ping', 'dhcp-range=10.0.3.2,10.0.3.9']]

        when:
        def fromFile = DnsmasqSetup.parse(1, withFile) { String f -> files[f] ?: [] }
        def fromArgs = DnsmasqSetup.parse(2, ['dnsmasq', '-i', 'br0', '-F', '192.168.5.10,192.168.5.19,255.255.255.0,12h', '--no-ping']) { [] }

        then:
        fromFile.noPing
        fromFile.confFiles == ['/etc/lxc/dnsmasq.conf']
        fromFile.dhcpRanges == [['10.0.3.2', '10.0.3.9'], ['10.0.3.2', '10.0.3.254']]     // the file comes first on the line
        fromArgs.noPing
        fromArgs.interfaces == ['br0']
        fromArgs.addresses() == 10
    }

    def "a NIC's MAC counts as drawn anew at every start when the config file as written has none or one with x's"() {
        when:
        def nics = ContainerNet.parse('web', ['lxc.net.0.type = veth', 'lxc.net.0.link = lxcbr0', 'lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx',
                                              'lxc.net.1.type=veth', 'lxc.net.1.link=br1', 'lxc.net.1.hwaddr=00:16:3e:12:34:56',
                                              'lxc.net.2.type = veth', '# lxc.net.2.hwaddr = 00:16:3e:00:00:01'])

        then:
        nics*.index == [0, 1, 2]
        nics*.link == ['lxcbr0', 'br1', null]
        nics*.randomMac == [true, false, true]
    }

    def "findings print as status, check and evidence, the fix indented below"() {
        expect:
        Finding.ok('kernel', 'Linux 6.1').toText(8) == 'ok       kernel   Linux 6.1'
        Finding.warning('bridge x', 'no DHCP', 'run one').toText(8).readLines() ==
                ['warning  bridge x no DHCP', '                  fix: run one']
        Finding.failure('disk', 'full', 'free some').toMap() == [check: 'disk', status: 'failure', evidence: 'full', fix: 'free some']
        HostChecks.count(1, 'address') == '1 address'
        HostChecks.count(253, 'address') == '253 addresses'
        HostChecks.count(2, 'container') == '2 containers'
    }
}
