package org.lxcgroovy.cli

import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.LxcHost
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.Stepwise

/** Every script in scripts/ runs, through the real command, on test containers of its own. */
@Stepwise
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class ScriptsSpec extends Specification {
    static final String PREFIX = LxcHost.PREFIX + 'scripts-'
    static final File SCRIPTS = new File(Command.ROOT, 'scripts')
    /** How each script is run here; a script missing from this map fails the first feature. */
    static final Map<String, List<String>> RUNS = [
            'demo-containers.groovy': [PREFIX, '2'],
            'fleet-update.groovy'   : ["${PREFIX}*".toString()],
            'api-test.groovy'       : ["${PREFIX}api-".toString()],
            'console.groovy'        : ["${PREFIX}2".toString(), '1'],
    ]

    def setupSpec() {
        LxcHost.clearLeftovers()
    }

    def cleanupSpec() {
        Lxc.listContainers().findAll { it.startsWith(PREFIX) }.each { LxcHost.destroy(it) }
    }

    def "every script in scripts/ has a run here"() {
        expect:
        SCRIPTS.list().findAll { it.endsWith('.groovy') }.sort() == RUNS.keySet().sort()
    }

    def "demo-containers creates the containers, with stable MACs, and a second run leaves them be"() {
        when:
        def first = Command.run(['scripts/demo-containers.groovy'] + RUNS['demo-containers.groovy'])
        def second = Command.run(['scripts/demo-containers.groovy'] + RUNS['demo-containers.groovy'])

        then:
        first.exitCode == 0
        first.stdout.contains("[${PREFIX}1] created")
        second.exitCode == 0
        !second.stdout.contains('created')
        (1..2).every { n ->
            new Container("$PREFIX$n").withCloseable { it.defined && it.getConfigItem('lxc.net.0.hwaddr') == org.lxcgroovy.engine.Nic.stableHwaddr("$PREFIX$n") }
        }
    }

    def "fleet-update runs the job on every matching container and leaves them as it found them"() {
        when:
        def r = Command.run(['scripts/fleet-update.groovy'] + RUNS['fleet-update.groovy'])

        then:
        r.exitCode == 0
        (1..2).every { n -> r.stdout.readLines().any { it ==~ /\[${PREFIX}$n\] 10\.0\.3\.\d+: .*%.*/ } }
        r.stdout.contains('2 containers in ')
        r.stdout.contains(', 0 failed')
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
    }

    def "console, python's pyconsole.py translated, connects a real terminal to tty1 until Ctrl-a q"() {
        given: 'a running container, and the command under script(1), which gives it a pseudo-terminal'
        def c = new Container("${PREFIX}2")
        c.start()
        String command = (['bin/lxc-groovy', 'scripts/console.groovy'] + RUNS['console.groovy']).join(' ')
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
        seen.contains("Container:${PREFIX}2 tty:1 Ctrl-a q to quit")
        seen.contains("${PREFIX}2 login:")
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
