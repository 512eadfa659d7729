package org.lxcgroovy.cli

import java.time.Duration
import java.time.Instant
import org.lxcgroovy.cli.support.OwnBridge
import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Nic
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

/**
 * A fleet's address wait, told by the DHCP server of the containers' bridge (a bridge and dnsmasq of the spec's
 * own, never lxcbr0): new containers queued behind dnsmasq's ping check wait their turn beyond their timeout and
 * the summary says why; a full range and a bridge with no DHCP server fail at the timeout, saying so.
 */
@LiblxcHost
@Timeout(900)
class AddressWaitSpec extends Specification {
    static final String BRIDGE = 'lxcgaw0'
    static final String NET = '10.0.198'
    static final int QUEUED = 12
    static final String NO_FREE_ADDRESS = "the container has no IPv4 address: the bridge $BRIDGE has no free address: " +
            '2 of 2 addresses are leased in .*'
    @Shared OwnBridge bridge
    @Shared List<Container> made = []

    def setupSpec() {
        bridge = new OwnBridge(BRIDGE, NET)
        made = (1..QUEUED).collect { int i ->
            String name = "${LxcHost.PREFIX}aw-$i"
            LxcHost.destroy(name)
            Container c = new Container(name)
            c.create('busybox')
            c.setConfigItem('lxc.net.0.link', BRIDGE)
            c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(name))
            c.setConfigItem('lxc.signal.halt', 'SIGKILL')     // busybox's init may ignore the default one
            c.saveConfig()
            c
        }
    }

    def cleanupSpec() {
        made.each { LxcHost.dispose(it) }
        bridge?.close()
    }

    static FleetReport job(List<Container> cs, int ipTimeout) {
        new Fleet([quiet: true], {}).run(cs) {
            ensureRunning()
            waitForIp(timeout: ipTimeout)
        }
    }

    def "new containers queued behind dnsmasq's ping check wait their turn past their timeout, and the summary says why"() {
        given: 'a dnsmasq that pings each address before offering it (one new client per ~3 s), no lease known'
        bridge.startDnsmasq(false, 60)

        when: "12 new containers at once, each waiting 10 s: the last ones' turn comes ~30 s after the first's"
        FleetReport report = job(made, 10)
        List<String> queued = report.results.collectMany { r -> r.steps.findAll { it.outcome?.contains('DHCP queue') }*.outcome }

        then:
        report.results.findAll { !it.ok }.collect { "${it.container}: ${it.error}" } == []
        report.results.every { r -> r.steps.any { it.address?.startsWith("$NET.") } }
        queued.every { it ==~ /after \d+ s more in the DHCP queue of $BRIDGE \(\d+ containers on it without an address; its dnsmasq pings each address before offering it\)/ }
        queued.size() >= 1
        report.slowDhcp().contains("waited their turn in the DHCP queue of $BRIDGE beyond their timeout")
        println "AddressWaitSpec: ${report.slowDhcp()}"
    }

    def "a full range fails the wait at its timeout, saying the bridge has no free address"() {
        given: 'every address leased to a container that is gone'
        long expiry = Instant.now().plusSeconds(3600).epochSecond
        bridge.startDnsmasq(true, 3, (2..3).collect { "$expiry 00:16:3e:de:ad:0$it $NET.$it * *".toString() })

        when:
        FleetReport report = job(made.take(1), 5)

        then:
        !report.ok
        report.results[0].error ==~ /waitForIp of container '${made[0].name}' failed: no IPv4 address within 5 s: the bridge $BRIDGE has no free address: 2 of 2 addresses are leased in \S+\/leases \(lxc-groovy doctor tells the stale leases and how to release them\)/
    }

    def "a bridge no DHCP server serves fails the wait at its timeout, saying so"() {
        given:
        bridge.stopDnsmasq()

        when:
        FleetReport report = job(made.take(1), 5)

        then:
        !report.ok
        report.results[0].error == "waitForIp of container '${made[0].name}' failed: no IPv4 address within 5 s: no DHCP server serves the bridge $BRIDGE (no dnsmasq listens on it)"
    }

    def "a Debian container on a bridge with no free address: a boot wait that runs out and apt's failed name lookup say so"() {
        given: 'every address leased to a container that is gone'
        long expiry = Instant.now().plusSeconds(3600).epochSecond
        bridge.startDnsmasq(true, 3, (2..3).collect { "$expiry 00:16:3e:de:ad:0$it $NET.$it * *".toString() })
        Container debian = LxcHost.debian('aw-debian')
        debian.setConfigItem('lxc.net.0.link', BRIDGE)
        debian.saveConfig()

        when: 'a boot wait shorter than ifupdown takes to give up on DHCP (~60 s)'
        FleetReport booting = new Fleet([quiet: true], {}).run([debian]) {
            start()
            waitForBoot(Duration.ofSeconds(15))
        }

        and: 'then, booted, an update'
        FleetReport updating = new Fleet([quiet: true, timeout: 300], {}).run([debian]) {
            ensureRunning()
            apt.update()
        }

        then:
        booting.results[0].error ==~ /waitForBoot of container '${debian.name}' failed: not booted within 15 s: systemd says '\w+'; $NO_FREE_ADDRESS/
        updating.results[0].error ==~ /apt.update of container '${debian.name}' failed: .*Temporary failure resolving.*; $NO_FREE_ADDRESS/

        cleanup:
        LxcHost.dispose(debian)
    }
}
