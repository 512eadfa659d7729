package org.lxcgroovy.cli

import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.Nic
import spock.lang.Specification
import spock.lang.Stepwise

/** Every script in scripts/ runs, through the real command, on test containers of its own. */
@Stepwise
@LiblxcHost
class ScriptsSpec extends Specification {
    static final String PREFIX = LxcHost.PREFIX + 'scripts-'
    static final File SCRIPTS = new File(Command.ROOT, 'scripts')
    /** How each script is run here; a script missing from this map fails the first feature. */
    static final File REPORT = new File(System.getProperty('java.io.tmpdir'), 'lxcg-test-scripts-report.json')
    static final File CHECK_REPORT = new File(System.getProperty('java.io.tmpdir'), 'lxcg-test-scripts-check.json')
    static final Map<String, List<String>> RUNS = [
            'demo-containers.groovy': [PREFIX, '2'],
            'fleet-update.groovy'   : ["${PREFIX}[0-9]*".toString()],
            'api-test.groovy'       : ["${PREFIX}api-".toString()],
            'console.groovy'        : ["${PREFIX}console".toString(), '1'],
    ]

    def setupSpec() {
        LxcHost.clearLeftovers()
    }

    def cleanupSpec() {
        REPORT.delete()
        CHECK_REPORT.delete()
        List<String> ours = Lxc.listContainers().findAll { it.startsWith(PREFIX) }
        (ours - ["${PREFIX}base".toString()] + ours.findAll { it == "${PREFIX}base" }).each { LxcHost.destroy(it) }
    }

    def "every script in scripts/ has a run here"() {
        expect:
        SCRIPTS.list().findAll { it.endsWith('.groovy') }.sort() == RUNS.keySet().sort()
    }

    def "demo-containers makes the Debian base and overlay clones of it, replaces a busybox demo container, and a second run leaves them be"() {
        given: 'a demo container of the old kind'
        LxcHost.busybox('scripts-2').close()

        when:
        def first = Command.run(['scripts/demo-containers.groovy'] + RUNS['demo-containers.groovy'])
        def second = Command.run(['scripts/demo-containers.groovy'] + RUNS['demo-containers.groovy'])
        def clones = (1..2).collect { new Container("$PREFIX$it") }
        def base = new Container("${PREFIX}base")

        then:
        first.exitCode == 0
        first.stdout.contains("creating ${PREFIX}base from the debian template (bookworm)")
        first.stdout.contains("replacing ${PREFIX}2: it is not a clone of ${PREFIX}base")
        first.stdout.contains("[${PREFIX}1] created")
        second.exitCode == 0
        !second.stdout.contains('creat')
        !second.stdout.contains('replacing')
        clones.every { it.getConfigItem('lxc.rootfs.path').replaceFirst(/^overlay:/, '').startsWith("${Lxc.defaultConfigPath()}/${PREFIX}base/rootfs:") }
        clones*.network*.getAt(0)*.hwaddr.unique().size() == 2
        base.state == ContainerState.STOPPED

        cleanup:
        (clones + base)*.close()
    }

    /** Installed versions by package name (no :arch), from a dpkg status file read on the host. */
    static Map<String, String> dpkgStatus(File status) {
        status.text.split(/\n\n+/).collect { stanza ->
            stanza.readLines().findAll { it =~ /^(Package|Status|Version): / }.collectEntries {
                int colon = it.indexOf(': ')
                [(it.substring(0, colon)): it.substring(colon + 2)]
            }
        }.findAll { it.Status == 'install ok installed' }.collectEntries { [(it.Package): it.Version] }
    }

    /** dpkg's status file as container {@code n} sees it: its overlay's copy once it has one, else the base's. */
    static File seenStatus(int n) {
        File own = new File("${Lxc.defaultConfigPath()}/${PREFIX}${n}/overlay/delta/var/lib/dpkg/status")
        own.exists() ? own : new File("${Lxc.defaultConfigPath()}/${PREFIX}base/rootfs/var/lib/dpkg/status")
    }

    def "fleet-update --check lists what each clone would upgrade and leaves dpkg's status of every clone byte for byte as it was"() {
        given:
        List<byte[]> before = (1..2).collect { seenStatus(it).bytes }

        when:
        def r = Command.run(['--check', '--report', CHECK_REPORT.path, 'scripts/fleet-update.groovy'] + RUNS['fleet-update.groovy'])
        def checked = new groovy.json.JsonSlurper().parse(CHECK_REPORT)[0].containers

        then:
        r.exitCode == 0
        checked*.container == ["${PREFIX}1", "${PREFIX}2"]
        checked.every { it.ok && it.check && it.startedByRun && it.packages == [] && !it.changed }
        checked.every { c -> c.steps.find { it.label == 'apt.upgrade' }.wouldChange.every { it.from && it.to } }
        (1..2).every { n -> r.stdout.readLines().any { it ==~ /\[${PREFIX}$n\] 10\.0\.3\.\d+: \d+ packages would be upgraded/ } }
        (1..2).collect { seenStatus(it).bytes } == before
        (1..2).every { n -> new Container("$PREFIX$n").withCloseable { it.state == ContainerState.STOPPED } }
    }

    def "fleet-update upgrades the Debian clones and reports exactly what changed, which a second run finds nothing left of"() {
        given:
        Map<String, String> before = dpkgStatus(new File("${Lxc.defaultConfigPath()}/${PREFIX}base/rootfs/var/lib/dpkg/status"))
        def checked = new groovy.json.JsonSlurper().parse(CHECK_REPORT)[0].containers

        when:
        def r = Command.run(['--report', REPORT.path, 'scripts/fleet-update.groovy'] + RUNS['fleet-update.groovy'])
        def first = new groovy.json.JsonSlurper().parse(REPORT)[0].containers
        def again = Command.run(['--report', REPORT.path, 'scripts/fleet-update.groovy'] + RUNS['fleet-update.groovy'])
        def second = new groovy.json.JsonSlurper().parse(REPORT)[0].containers

        then:
        r.exitCode == 0
        first*.container == ["${PREFIX}1", "${PREFIX}2"]
        first.every { it.ok && it.booted in ['running', 'degraded'] && it.changed == !it.packages.isEmpty() }
        first.every { c ->
            Map<String, String> after = dpkgStatus(new File("${Lxc.defaultConfigPath()}/${c.container}/overlay/delta/var/lib/dpkg/status"))
            c.packages.collect { [it.name.replaceFirst(/:.*/, ''), it.from, it.to] } as Set ==
                    (before.keySet() + after.keySet()).findAll { before[it] != after[it] }.collect { [it, before[it], after[it]] } as Set
        }
        (1..2).every { n -> r.stdout.readLines().any { it ==~ /\[${PREFIX}$n\] 10\.0\.3\.\d+: \d+ packages upgraded/ } }
        r.stdout.contains('2 containers in ')
        first.every { c ->     // the timeline: the job's steps in order, the upgrade's packages on its apt step
            c.steps.findAll { it.level == 0 }*.kind == ['start', 'boot', 'ip', 'apt', 'apt', 'shutdown'] &&
                    c.steps.find { it.label == 'apt.upgrade' }.packages == c.packages &&
                    c.steps.findAll { it.level == 0 }.every { it.ok } && c.steps.every { it.offset >= 0 && it.seconds >= 0 }
        }
        r.stdout.readLines().any { it ==~ /time by step: .*\bboot \d+\.\d s.*; slowest: .+ on ${PREFIX}\d/ }
        first.every { c ->     // what the check before listed is what was upgraded
            checked.find { it.container == c.container }.steps.find { it.label == 'apt.upgrade' }.wouldChange == c.packages
        }
        again.exitCode == 0
        second.every { it.ok && it.changed == false && it.packages == [] }
        again.stdout.readLines().findAll { it ==~ /\[${PREFIX}\d\] .*/ }.every { it.endsWith(': 0 packages upgraded') }
        (1..2).every { n -> new Container("$PREFIX$n").withCloseable { it.state == ContainerState.STOPPED } }
    }

    def "api-test, python's api_test.py translated, runs its whole journey and leaves nothing behind"() {
        when:
        def r = Command.run(['scripts/api-test.groovy'] + RUNS['api-test.groovy'])

        then:
        r.exitCode == 0
        r.stdout.readLines().first() == "Getting instance for '${PREFIX}api-main'"
        r.stdout.contains("Renaming the clone to '${PREFIX}api-renamed'")
        r.stdout.readLines().last() == 'Destroying the container'
        r.stdout =~ /inet (addr:)?10\.0\.3\.\d+/    // ifconfig eth0 in the container's network namespace
        !Lxc.listContainers().any { it.startsWith("${PREFIX}api-") }

        cleanup: 'the script destroys its containers as api_test.py does, leases and all; the suite gives those back'
        LxcHost.giveBackLeases(['api-main', 'api-renamed'].collect { Nic.stableHwaddr("${PREFIX}$it") })
    }

    def "console, python's pyconsole.py translated, connects a real terminal to tty1 until Ctrl-a q"() {
        given: 'a running container, and the command under script(1), which gives it a pseudo-terminal'
        def c = LxcHost.busybox('scripts-console')
        c.start()
        String command = ([Command.BIN.path, 'scripts/console.groovy'] + RUNS['console.groovy']).join(' ')
        def p = Command.start(['script', '-qfec', command, '/dev/null'])
        def screen = new StringBuffer()   // appended by the reader thread
        def reader = Thread.start {
            int b
            while ((b = p.inputStream.read()) >= 0) {
                screen.append((char) b)
            }
        }
        def waitFor = { String text ->
            long deadline = System.currentTimeMillis() + 20_000
            while (!screen.toString().contains(text) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50)
            }
        }

        when:
        waitFor('Connected to tty 1')
        p.outputStream.write('\r'.bytes)
        p.outputStream.flush()
        waitFor('login:')
        p.outputStream.write([1, 'q' as char] as byte[])
        p.outputStream.flush()
        boolean ended = p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)
        reader.join(5000)
        String seen = screen.toString()

        then:
        seen.contains("Container:${PREFIX}console tty:1 Ctrl-a q to quit")
        seen.contains("${PREFIX}console login:")
        seen.contains('Console done')
        ended
        p.exitValue() == 0

        cleanup:
        p.destroyForcibly()
        c.stop()
        c.close()
    }

    def "fleet-update exits 1 and names the failure when a container cannot start"() {
        given: 'a container whose rootfs is gone'
        new Container("${PREFIX}1").withCloseable {
            it.setConfigItem('lxc.rootfs.path', 'dir:/nonexistent')
            it.saveConfig()
        }

        when:
        def r = Command.run(['scripts/fleet-update.groovy'] + RUNS['fleet-update.groovy'])

        then:
        r.exitCode == 1
        r.stdout.readLines().any { it.startsWith("${PREFIX}1") && it.contains("FAILED") && it.contains('/nonexistent') }
        r.stdout.readLines().any { it ==~ /${PREFIX}2\s+ok.*/ }
    }
}
