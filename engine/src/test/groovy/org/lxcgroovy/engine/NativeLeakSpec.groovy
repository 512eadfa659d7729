package org.lxcgroovy.engine

import spock.lang.Requires

/** Every string and array liblxc hands over is freed: 10,000 rounds of queries barely move the RSS. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class NativeLeakSpec extends LxcSpecification {

    static long rssKb() {
        LxcHost.rssKb(ProcessHandle.current().pid() as int)
    }

    def "10,000 rounds of state, config item, IPs and interfaces grow the RSS by less than 10 MB"() {
        expect:
        LxcHost.withBusybox(['leak']) { List<Container> cs ->
            def c = cs[0]
            c.start()
            assert c.getIps(timeout: 30)
            def round = {
                assert c.state == ContainerState.RUNNING
                assert c.getConfigItem('lxc.uts.name') == c.name
                assert c.getConfigItem('lxc.cap.drop') instanceof List
                assert c.getKeys('lxc.net.0')
                assert c.getRunningConfigItem('lxc.uts.name') == c.name
                assert c.configFileName
                assert c.getIps()
                assert c.interfaces
                assert Lxc.listContainers()
            }
            1000.times { round() }   // warm up: JIT, class loading, allocator arenas
            System.gc()
            long before = rssKb()
            10_000.times { round() }
            System.gc()
            long after = rssKb()
            printf('NativeLeakSpec: RSS %d kB -> %d kB after 10,000 rounds (%+d kB)%n', before, after, after - before)
            assert after - before < 10 * 1024
            // liblxc's forking getters too: fewer rounds, each forks
            long before2 = rssKb()
            300.times {
                assert c.getIpsFromLiblxc('inet', null, 0)
                assert c.interfacesFromLiblxc
            }
            long after2 = rssKb()
            printf('NativeLeakSpec: liblxc get_ips/get_interfaces x300: %+d kB%n', after2 - before2)
            assert after2 - before2 < 5 * 1024
            true
        }
    }
}
