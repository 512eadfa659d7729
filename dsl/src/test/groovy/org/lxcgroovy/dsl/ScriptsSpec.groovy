package org.lxcgroovy.dsl

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
