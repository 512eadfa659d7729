package org.lxcgroovy.dsl

import org.lxcgroovy.dsl.support.ScriptHost
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import spock.lang.Shared
import spock.lang.Specification

/** Fleet runs on real busybox containers: in parallel, failures kept apart, timeouts, and clean-up of what ran. */
@LiblxcHost
class FleetSpec extends Specification {
    static final String P = LxcHost.PREFIX + 'fleet-'
    @Shared List<Container> made = []

    def setupSpec() {
        LxcHost.clearLeftovers()
        (1..3).each { made << LxcHost.busybox("fleet-$it") }
    }

    def cleanupSpec() {
        made.each { LxcHost.dispose(it) }
    }

    def cleanup() {
        made.each { if (it.running) it.stop() }
    }

    def "the canonical job runs on all containers at once, and what the run started it shuts down again"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("""
            String greeting = 'hello from the host'     // a host variable, visible in the body
            fleet(containers('${P}*')) {
                ensureRunning()
                String ip = waitForIp(timeout: 30)
                sh 'echo updated > /tmp/marker'
                println "\$greeting, \$ip, \${sh('cat /tmp/marker').stdout.trim()}"
            }
        """)
        def report = host.reports[0]
        // when each container's first step began and its last one ended, on the run's time axis
        def begins = report.results.collect { it.steps.first().offset }
        def ends = report.results.collect { r -> r.steps.collect { it.offset + it.duration }.max() }

        then:
        report.ok
        report.results*.container == (1..3).collect { "$P$it" }
        report.results.every { it.startedByRun && it.output.contains('shut down') }
        report.results.every { r -> r.output.any { it.startsWith('$ /bin/sh -c echo updated > /tmp/marker -> exit 0') } }
        made.every { it.state == ContainerState.STOPPED }
        (1..3).every { n -> host.lines.any { it ==~ /\[${P}$n\] hello from the host, 10\.0\.3\.\d+, updated/ } }
        begins.max() < ends.min()      // at one moment all three were under way: not one after another
    }

    def "a container whose init ignores the halt signal is stopped once shutdownTimeout has passed, and its result says so"() {
        given: 'a halt signal busybox init leaves at its default, ignored'
        Container c = made[0]
        c.setConfigItem('lxc.signal.halt', 'SIGURG')
        c.saveConfig()
        def host = new ScriptHost()

        when:
        host.run("""
            fleet(containers('${c.name}'), shutdownTimeout: 2) {
                ensureRunning()
                sh 'true'
            }
        """)
        def report = host.reports[0]

        then:
        report.ok
        report.results[0].startedByRun
        report.results[0].output.contains('stopped (no clean halt within 2 s)')
        c.state == ContainerState.STOPPED

        cleanup:
        c.clearConfigItem('lxc.signal.halt')
        c.saveConfig()
    }

    def "a mixed fleet of privileged and unprivileged containers runs the canonical job unchanged, the report saying which is which"() {
        given:
        Container unprivileged = LxcHost.unprivilegedBusybox('fleet-unpriv')

        when:
        def report = new Fleet([quiet: true], { String l -> }).run([made[0], unprivileged]) {
            ensureRunning()
            waitForIp(timeout: 30)
            file('/root/job').text = 'done\n'
            sh 'test "$(stat -c %u:%g /root/job)" = 0:0'      // the container's root's, in both
            file('/root/app', owner: 1000, group: 1000).text = 'app\n'
            sh 'test "$(stat -c %u:%g /root/app)" = 1000:1000'   // as the container sees it, in both
        }

        then:
        report.failed*.error == []
        report.results*.unprivileged == [false, true]
        report.toMap().containers*.unprivileged == [false, true]
        [made[0], unprivileged].every { it.state == ContainerState.STOPPED }

        cleanup:
        LxcHost.dispose(unprivileged)
    }

    def "a container that fails does not stop the others, and its reason names it"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("""
            fleet(['${P}1', '${P}ghost', '${P}2']) {
                ensureRunning()
                waitForIp()
            }
        """)
        def report = host.reports[0]

        then:
        !report.ok
        report.failed*.container == ["${P}ghost"]
        report["${P}ghost"].error.startsWith("start of container '${P}ghost' failed: ")
        report["${P}1"].ok && report["${P}2"].ok
        made[0].state == ContainerState.STOPPED && made[1].state == ContainerState.STOPPED
    }

    def "a failed command is a result to run and a failure of the container to sh, with the exit code and stderr"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("""
            fleet(['${P}1']) {
                ensureRunning()
                def r = run('sh', '-c', 'exit 3')
                log "run gave \${r.exitCode()}"
                sh 'echo something broke >&2; exit 4'
                log 'not reached'
            }
        """)
        def result = host.reports[0]["${P}1"]

        then:
        !result.ok
        result.error == "sh of container '${P}1' failed: `echo something broke >&2; exit 4` exited with 4: something broke"
        result.output.contains('run gave 3')
        !result.output.contains('not reached')
        made[0].state == ContainerState.STOPPED
    }

    def "at the timeout a running command is killed, nothing of it is left, and the container is shut down"() {
        given:
        def host = new ScriptHost()
        made[0].start()

        when: 'the container was running already, so the run leaves it running'
        host.run("""
            fleet(['${P}1'], timeout: 2) {
                ensureRunning()
                sh 'sleep 30'
            }
        """)
        def result = host.reports[0]["${P}1"]
        def left = made[0].run('ps')

        then:
        result.timedOut
        !result.ok
        result.error.contains('timeout of 2 s reached while running `/bin/sh -c sleep 30`')
        result.duration < Duration.ofSeconds(4)
        !result.startedByRun
        made[0].running
        !left.stdout().contains('sleep 30')
    }

    def "a frozen container is thawed for the job and frozen again afterwards"() {
        given:
        def host = new ScriptHost()
        // a container whose only process is sleep: busybox's init and udhcpc vfork now and then, and a freeze that
        // meets a process mid-vfork leaves cgroup v1's freezer FREEZING for good (liblxc's freeze waits for FROZEN
        // without a timeout: two CI runs hung so, once after the address had come)
        made[0].start(['/bin/sleep', '3600'])
        made[0].freeze()

        when:
        host.run("""
            fleet(['${P}1']) {
                ensureRunning()
                log sh('echo thawed').stdout.trim()
            }
        """)
        def result = host.reports[0]["${P}1"]

        then:
        result.ok
        result.thawedByRun && !result.startedByRun
        result.output.containsAll(['thawed', 'frozen again'])
        made[0].state == ContainerState.FROZEN

        cleanup:
        made[0].unfreeze()
    }

    def "a body that ignores its deadline is interrupted after the grace period, and what it started is stopped"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("""
            fleet(['${P}2'], timeout: 1) {
                ensureRunning()
                Thread.sleep(60_000)
            }
        """)
        def result = host.reports[0]["${P}2"]

        then:
        result.timedOut
        result.error.contains('timeout of 1 s reached')
        result.duration < Duration.ofSeconds(1 + Fleet.GRACE_SECONDS + 5)
        made[1].state == ContainerState.STOPPED
    }

    def "an address that does not come in time fails the container with what was awaited"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("""
            fleet(['${P}3']) {
                ensureRunning()
                waitForIp(interface: 'eth9', timeout: 1)
            }
        """)
        def result = host.reports[0]["${P}3"]

        then:
        !result.ok
        !result.timedOut
        result.error == "waitForIp of container '${P}3' failed: no IPv4 address within 1 s"
        made[2].state == ContainerState.STOPPED
    }

    def "two fleets of one run over the same container: the second is refused it, and the first keeps its hold"() {
        given:
        Container c = made[0]
        def holding = new CountDownLatch(1)
        def release = new CountDownLatch(1)
        FleetReport first = null
        Thread firstRun = Thread.start {
            first = new Fleet([quiet: true], {}).run([c]) { holding.countDown(); release.await(60, TimeUnit.SECONDS) }
        }
        assert holding.await(60, TimeUnit.SECONDS)

        when:
        FleetReport second = new Fleet([quiet: true], {}).run([c]) { }
        boolean heldForOthers = heldByAnotherProcess(ContainerClaim.DIR.resolve(claimFile(c)))
        release.countDown()
        firstRun.join(60_000)

        then:
        second.results[0].error == "fleet of container '${c.name}' failed: another run is working on it (another fleet of this run); not touched by this one"
        heldForOthers        // the second fleet's refusal did not drop the first one's lock (POSIX locks are the process's)
        first.ok
        new Fleet([quiet: true], {}).run([c]) { }.ok
    }

    /** The lock file of {@code c}: the only one in the directory named after it. */
    private static String claimFile(Container c) {
        ContainerClaim.DIR.toFile().list().find { it.startsWith(c.name + '@') }
    }

    /** Whether another process would find {@code file} locked (python's lockf: fcntl, as Java's FileChannel locks). */
    private static boolean heldByAnotherProcess(java.nio.file.Path file) {
        def p = ['python3', '-c', 'import fcntl, sys\nf = open(sys.argv[1], "a")\ntry:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept OSError:\n    sys.exit(3)',
                 file.toString()].execute()
        p.waitFor() == 3
    }

    def "parallel bounds how many containers run at once"() {
        given: 'a pure DSL check: the body touches no container'
        def host = new ScriptHost()

        when:
        host.run("""
            import java.util.concurrent.atomic.AtomicInteger
            def names = (1..6).collect { '${P}p' + it }
            [1, 3, 6].collect { n ->
                def now = new AtomicInteger(), most = new AtomicInteger()
                fleet(names, parallel: n, quiet: true) {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max)
                    // stay until n are in at once (bounded: a fleet that runs fewer never gets there), then a
                    // little longer, for one that runs more to show it
                    long giveUp = System.nanoTime() + 10_000_000_000L
                    while (most.get() < n && System.nanoTime() < giveUp) {
                        Thread.sleep(10)
                    }
                    Thread.sleep(200)
                    now.decrementAndGet()
                }
                most.get()
            }
        """)

        then:
        host.script.run() == [1, 3, 6]
        host.reports.every { it.ok }
    }

    def "options and targets are checked before anything runs"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("fleet(['${P}1'], paralel: 2) { }")

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("unknown fleet option 'paralel'")

        when:
        host.run("fleet(['${P}1'], parallel: 0) { }")

        then:
        def zero = thrown(IllegalArgumentException)
        zero.message == 'parallel must be at least 1, not 0'

        when:
        host.run("fleet(['${P}1'], timeout: 0) { }")

        then:
        def noTime = thrown(IllegalArgumentException)
        noTime.message == 'timeout must be a positive number of seconds, not 0'

        when:
        host.run("fleet(['${P}1', '${P}1']) { }")

        then:
        def dup = thrown(IllegalArgumentException)
        dup.message.contains("twice: ${P}1")
    }

    def "containers are chosen by pattern, by filter, and listed as python lists them"() {
        given:
        def host = new ScriptHost()

        expect:
        host.run("containers('${P}?')*.name") == (1..3).collect { "$P$it" }
        host.run("containers { it.name.endsWith('fleet-2') }*.name") == ["${P}2"]
        host.run("containers('${P}[')*.name") == []       // regex characters are literal
        host.run("listContainers(asObject: true).findAll { it.name.startsWith('$P') }*.class.simpleName.unique()") == ['Container']
        host.run("listContainers(active: true, defined: false).findAll { it.startsWith('$P') }") == []
        host.run("listContainers().findAll { it.startsWith('$P') }").size() == 3
    }
}
