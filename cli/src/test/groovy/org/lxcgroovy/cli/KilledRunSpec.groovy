package org.lxcgroovy.cli

import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Timeout
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * A run killed with SIGKILL is never lost (issue 18): its journal says what it started, froze and guarded; the
 * doctor and the next run say so; a fleet run takes over what it started; `recover` puts it back, and with
 * --rollback restores a guarded body it left half done. And two runs at once never work on one container.
 * Clean halts get 2 s here.
 */
@LiblxcHost
@Timeout(600)
class KilledRunSpec extends Specification {
    /** Busybox's init may or may not halt within 2 s of the signal (it can ignore it in its first moments). */
    static final String HALTED = /(shut down|stopped \(no clean halt within 2 s\))/
    @TempDir File dir

    File getJournal() {
        new File(dir, 'journal')
    }

    def "killed after its starts: doctor and the next run name what it started, a fleet takes one over, recover shuts down the other"() {
        expect:
        LxcHost.withBusybox(['killed-start-a', 'killed-start-b']) { List<Container> cs ->
            def (a, b) = cs
            File script = script('starts.groovy', """\
                fleet(${cs*.name.inspect()}, shutdownTimeout: 2) {
                    ensureRunning()
                    log 'up'
                    Thread.sleep(600_000)
                }
                """)
            long pid = killAfter(script, 2)
            assert cs.every { it.state == ContainerState.RUNNING }

            def doctor = lxcGroovy(['doctor'])
            assert doctor.exitCode == 0: doctor
            assert doctor.stdout.readLines().any {
                it.contains("killed run $pid of ${script.path}") && it.contains("${a.name}: started by the run, still running") &&
                        it.contains("${b.name}: started by the run, still running")
            }: doctor

            def next = lxcGroovy(['-e', 'println "the next run"'])
            assert next.exitCode == 0 && next.stdout == 'the next run\n': next
            assert next.stderr.readLines()[0] ==~ /lxc-groovy: killed run $pid of ${script.path} \(sha256 [0-9a-f]{12}, started .*\) left: ${a.name}: started by the run, still running; ${b.name}: started by the run, still running/: next

            def takeOver = lxcGroovy(['-e', "fleet(['${a.name}'], shutdownTimeout: 2) { log state }".toString()])
            assert takeOver.exitCode == 0: takeOver
            assert takeOver.stdout.contains("[${a.name}] RUNNING"): takeOver
            assert a.state == ContainerState.STOPPED: 'the fleet shut down what the killed run started, as that run would have'
            assert b.state == ContainerState.RUNNING: 'a fleet over a takes over only a'

            def recover = lxcGroovy(['recover', '--shutdown-timeout', '2'])
            assert recover.exitCode == 0: recover
            List<String> recovered = recover.stdout.readLines()
            assert recovered.size() == 2 && recovered[0] ==~ /killed run $pid of ${script.path} \(sha256 [0-9a-f]{12}, started .*\):/: recover
            assert recovered[1] ==~ "  ${b.name}: $HALTED": recover
            assert b.state == ContainerState.STOPPED
            assert !journal.list().any { it.endsWith('.jsonl') }: 'nothing is left of the killed run'
            assert lxcGroovy(['recover']).stdout == 'nothing to recover: no killed run left a container changed\n'
            true
        }
    }

    def "killed while its body held a container frozen: doctor says so, recover thaws it and leaves it running as it was"() {
        expect:
        LxcHost.withBusybox(['killed-freeze']) { List<Container> cs ->
            Container c = cs[0]
            c.start()   // the user's: the run did not start it
            File script = script('freeze.groovy', """\
                fleet(['${c.name}']) {
                    freeze()
                    log 'frozen'
                    Thread.sleep(600_000)
                }
                """)
            long pid = killAfter(script, 1)
            assert c.state == ContainerState.FROZEN

            def doctor = lxcGroovy(['doctor'])
            assert doctor.stdout.readLines().any { it.contains("killed run $pid of ${script.path}") && it.contains("${c.name}: frozen by the run") }: doctor

            def recover = lxcGroovy(['recover'])
            assert recover.exitCode == 0: recover
            assert recover.stdout.readLines()[1] == "  ${c.name}: thawed".toString(): recover
            assert c.state == ContainerState.RUNNING
            c.stop()
            true
        }
    }

    def "killed mid guarded body: recover shuts the container down and keeps the change; --rollback restores the guard's snapshot"() {
        expect:
        LxcHost.withBusybox(['killed-guard']) { List<Container> cs ->
            Container c = cs[0]
            File mark = new File("${Lxc.defaultConfigPath()}/${c.name}/rootfs/mark")
            File script = script('guarded.groovy', """\
                fleet(['${c.name}'], snapshot: true, shutdownTimeout: 2) {
                    ensureRunning()
                    run('sh', '-c', 'echo half-done > /mark')
                    log 'changed'
                    Thread.sleep(600_000)
                }
                """)
            long pid = killAfter(script, 1)
            assert mark.text == 'half-done\n'

            def doctor = lxcGroovy(['doctor'])
            assert doctor.stdout.readLines().any {
                it.contains("killed run $pid") && it.contains("${c.name}: left mid guarded body (its snapshot snap0 is kept)")
            }: doctor
            assert doctor.stdout.contains('--rollback'): doctor

            def recover = lxcGroovy(['recover', '--shutdown-timeout', '2'])
            assert recover.exitCode == 0: recover
            List<String> recovered = recover.stdout.readLines().drop(1)
            assert recovered.size() == 2: recover
            assert recovered[0] == "  ${c.name}: left mid guarded body (its snapshot snap0 is kept); left so: --rollback restores that snapshot".toString()
            assert recovered[1] ==~ "  ${c.name}: $HALTED": recover
            assert c.state == ContainerState.STOPPED
            assert mark.exists()

            def rollback = lxcGroovy(['recover', '--rollback'])
            assert rollback.exitCode == 0: rollback
            assert rollback.stdout.readLines().drop(1) == ["  ${c.name}: rolled back to snap0".toString()]: rollback
            assert !mark.exists()
            assert c.state == ContainerState.STOPPED
            assert !journal.list().any { it.endsWith('.jsonl') }
            true
        }
    }

    def "two runs at once: the second waits for a container the first works on, then fails naming it, and does not touch it"() {
        expect:
        LxcHost.withBusybox(['two-runs']) { List<Container> cs ->
            Container c = cs[0]
            File first = script('first.groovy', """\
                fleet(['${c.name}'], shutdownTimeout: 2) {
                    ensureRunning()
                    log 'up'
                    Thread.sleep(600_000)
                }
                """)
            def (Process run, List<String> lines) = started(first)
            awaitLines(run, lines, 1)

            def second = lxcGroovy(['-e', "fleet(['${c.name}'], timeout: 3, shutdownTimeout: 2) { ensureRunning(); log 'got it' }".toString()])
            assert second.exitCode == 1: second
            assert second.stdout.contains("fleet of container '${c.name}' failed: another run is working on it (run ${run.pid()} of ${first.path}, since ")
            assert second.stdout.contains('not touched after waiting 3 s for it'): second
            assert !second.stdout.contains('got it')
            assert c.state == ContainerState.RUNNING: 'the second run did not shut down what the first started'

            run.destroy()   // SIGTERM: the first run shuts down what it started on its way out
            assert run.waitFor(60, TimeUnit.SECONDS)
            assert c.state == ContainerState.STOPPED
            true
        }
    }

    private File script(String name, String text) {
        def f = new File(dir, name)
        f.text = text.stripIndent()
        f
    }

    private ProcessOutput lxcGroovy(List<String> args) {
        List<String> withJournal = args[0] in ['doctor', 'recover'] ? [args[0], '--journal-dir', journal.path] + args.drop(1)
                : ['--journal-dir', journal.path] + args
        Command.run(withJournal)
    }

    /** Starts {@code script}, waits for its body to log {@code lines} lines, then kills its JVM with SIGKILL. */
    private long killAfter(File script, int lines) {
        def (Process p, List<String> out) = started(script)
        awaitLines(p, out, lines)
        assert ['kill', '-KILL', "${p.pid()}"].execute().waitFor() == 0
        assert p.waitFor(30, TimeUnit.SECONDS)
        p.pid()
    }

    private List started(File script) {
        Process p = Command.start([Command.BIN.path, '--journal-dir', journal.path, script.path])
        List<String> lines = new CopyOnWriteArrayList<>()
        [p.inputStream, p.errorStream].each { InputStream stream ->
            Thread.start {
                try {
                    stream.eachLine { lines << it }
                } catch (IOException ignored) {
                    // the run was killed: its pipes are gone
                }
            }
        }
        [p, lines]
    }

    /** Bounded: a run that never logs them fails here with what it printed. */
    private static void awaitLines(Process p, List<String> lines, int wanted) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
        while (lines.count { it ==~ /\[.*\] (up|frozen|changed)/ } < wanted) {
            assert p.alive && System.nanoTime() < giveUp: "the run did not get as far as it should: ${lines.join('\n')}"
            Thread.sleep(100)
        }
    }
}
