package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.Await
import org.lxcgroovy.engine.support.BridgeLeases
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Specification

/**
 * The suite leaves lxcbr0's lease file as it found it: a test container leases its address under the MAC its name
 * gives, and gives the lease back when the suite destroys it (issue 18: runs must not use up the bridge's range).
 */
@LiblxcHost
class TestLeasesSpec extends Specification {
    def "a test container leases under its stable MAC, and destroying it gives the lease back"() {
        given:
        Container c = LxcHost.running('leases', true)
        String mac = Nic.stableHwaddr(c.name)
        List<String> address = c.getIps(family: 'inet')

        expect: 'dnsmasq holds one lease for it, for the address it has'
        BridgeLeases.of(mac)*.getAt(2) == address

        when:
        LxcHost.dispose(c)

        then: 'dnsmasq took the release (it rewrites its file as it does; bounded)'
        Await.settled([], 10) { BridgeLeases.of(mac) } == []

        cleanup:
        LxcHost.dispose(c)
    }
}
