package org.lxcgroovy.cli.doctor

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import groovy.json.JsonSlurper
import java.time.Instant
import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.cli.support.OwnBridge
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Lxc
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * `lxc-groovy doctor` on this machine: every check reports, and on a bridge of the spec's own (never lxcbr0) with
 * a dnsmasq of its own, both DHCP setups, a range too small, a random MAC, no DHCP server and a missing bridge are
 * told with their fix. The bridge, its dnsmasq and the containers go again afterwards.
 */
@Stepwise
@LiblxcHost
class DoctorSpec extends Specification {
    static final String BRIDGE = 'lxcgdoc0'
    @Shared OwnBridge bridge
    @Shared List<Container> made = []

    def setupSpec() {
        bridge = new OwnBridge(BRIDGE, '10.0.199')
        ['doc-fixed', 'doc-random'].each { String suffix ->
            Container c = LxcHost.busybox(suffix)
            c.setConfigItem('lxc.net.0.link', BRIDGE)
            c.saveConfig()
            made << c
        }
        File config = new File(made[1].configFileName)
        config.text = config.text.replaceAll(/(?m)^lxc\.net\.0\.hwaddr = .*$/, 'lxc.net.0.hwaddr = 00:16:3e:xx:xx:xx')
    }

    def cleanupSpec() {
        bridge?.close()
        made.each { LxcHost.dispose(it) }
    }

    /** The bridge's dnsmasq with one address to give (two containers name the bridge). */
    void startDnsmasq(boolean noPing) {
        bridge.startDnsmasq(noPing, 2)
    }

    /** The doctor's findings as JSON, and its exit status. */
    static Map doctor() {
        def r = Command.run(['doctor', '--json'])
        assert r.stderr == ''
        [exit: r.exitCode, findings: new JsonSlurper().parseText(r.stdout).findings]
    }

    static Map finding(Map report, String check) {
        report.findings.find { it.check == check }
    }

    def "every check reports on this prepared host without a failure, the same in text and in JSON"() {
        when:
        def text = Command.run(['doctor'])
        def json = doctor()

        then:
        text.exitCode == 0
        json.exit == 0
        json.findings*.check.containsAll(['liblxc', 'kernel', 'cgroups', 'apparmor', 'locks', 'disk', 'bridge lxcbr0',
                                          'dhcp ping lxcbr0', 'mac addresses', 'unprivileged'])
        json.findings.every { it.status in ['ok', 'warning'] && it.evidence && (it.status == 'ok') == (it.fix == null) }
        json.findings.every { f -> text.stdout.readLines().any { it ==~ /${f.status}\s+\Q${f.check}\E\s+\Q${f.evidence}\E/ } }
        finding(json, 'liblxc').evidence.startsWith("liblxc ${Lxc.version()} with pidfd")
        finding(json, 'kernel').evidence.startsWith("Linux ${new File('/proc/sys/kernel/osrelease').text.trim()} with close_range, openat2, pidfd_open")
        finding(json, 'unprivileged').status == 'ok'     // setup-host gave root its ranges
        text.stdout.readLines().last() ==~ /\d+ checks: \d+ warnings?, 0 failures/
    }

    def "a dnsmasq that pings before each offer is a warning with its cost and the fix (no-ping is the control)"() {
        when:
        startDnsmasq(false)
        def pinging = doctor()
        startDnsmasq(true)
        def quiet = doctor()

        then:
        finding(pinging, "dhcp ping $BRIDGE").status == 'warning'
        finding(pinging, "dhcp ping $BRIDGE").evidence.contains('one new DHCP client per ~3 s: 2 containers starting together wait up to 6 s')
        finding(pinging, "dhcp ping $BRIDGE").fix.contains('no-ping')
        finding(quiet, "dhcp ping $BRIDGE").status == 'ok'
        finding(pinging, 'dhcp ping lxcbr0') != null        // lxcbr0's own setup is reported, whatever it is
    }

    def "a range smaller than the containers on the bridge, and a MAC drawn at every start, are warnings naming them"() {
        when:
        def report = doctor()

        then:
        finding(report, "bridge $BRIDGE").status == 'warning'
        finding(report, "bridge $BRIDGE").evidence ==~ /.*10\.0\.199\.2-10\.0\.199\.2 \(1 address\) for 2 containers: more containers than addresses/
        finding(report, 'mac addresses').status == 'warning'
        finding(report, 'mac addresses').evidence.contains("${made[1].name} (lxc.net.0.hwaddr 00:16:3e:xx:xx:xx)")
        !finding(report, 'mac addresses').evidence.contains(made[0].name)
        report.exit == 0
    }

    def "a range whose every address is leased to MACs no container has fails the doctor with the way out; nearly full is a warning"() {
        given: 'leases of containers that are gone, for dnsmasq to start from: it offers .2 to .11, ten addresses'
        long expiry = Instant.now().plusSeconds(3600).epochSecond
        List<String> gone = (2..11).collect { "$expiry 00:16:3e:de:ad:${String.format('%02x', it)} 10.0.199.$it * *".toString() }

        when:
        bridge.startDnsmasq(true, 11, gone)
        def full = doctor()
        bridge.startDnsmasq(true, 11, gone.take(9))
        def nearly = doctor()
        bridge.startDnsmasq(true, 11)
        def roomy = doctor()

        then:
        finding(full, "leases $BRIDGE").status == 'failure'
        finding(full, "leases $BRIDGE").evidence ==~
                /the range is full: 10 of 10 addresses leased in \S+\/leases, 10 to MACs in no container's configuration here; a new container gets no address/
        finding(full, "leases $BRIDGE").fix.startsWith("release the stale leases (dhcp_release $BRIDGE ADDRESS MAC for each")
        finding(full, "leases $BRIDGE").fix.contains('10.0.199.2,10.0.199.11,1h')
        full.exit == 1
        finding(nearly, "leases $BRIDGE").status == 'warning'
        finding(nearly, "leases $BRIDGE").evidence.startsWith('the range is nearly full: 9 of 10 addresses leased')
        finding(roomy, "leases $BRIDGE").status == 'ok'
        finding(roomy, "leases $BRIDGE").evidence.startsWith('0 of 10 addresses leased')
        finding(roomy, 'leases lxcbr0') != null     // lxcbr0's own, whatever it holds
    }

    def "a bridge's DHCP server and state are graded: none is a warning, down or missing fails the doctor with exit 1"() {
        when:
        bridge.stopDnsmasq()
        def noServer = doctor()
        OwnBridge.sh("ip link set $BRIDGE down")
        def down = doctor()
        OwnBridge.sh("ip link del $BRIDGE")
        def missing = doctor()

        then:
        finding(noServer, "bridge $BRIDGE").status == 'warning'
        finding(noServer, "bridge $BRIDGE").evidence.contains('no dnsmasq serves DHCP on it')
        noServer.exit == 0
        finding(down, "bridge $BRIDGE") == [check: "bridge $BRIDGE".toString(), status: 'failure', evidence: "$BRIDGE is down".toString(),
                                            fix: "ip link set $BRIDGE up".toString()]
        down.exit == 1
        finding(missing, "bridge $BRIDGE").status == 'failure'
        finding(missing, "bridge $BRIDGE").evidence == "2 containers name $BRIDGE, which does not exist"
        missing.exit == 1
    }

    def "an unknown argument is a usage error"() {
        when:
        def r = Command.run(['doctor', '--fix'])

        then:
        r.exitCode == 64
        r.stderr.trim() == 'lxc-groovy doctor: unknown argument --fix; usage: lxc-groovy doctor [--json] [--journal-dir DIR]'
    }
}
