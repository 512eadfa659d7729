package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.time.Duration
import spock.lang.Specification
import spock.lang.Shared

/** Commands run inside a running container: output, exit codes, signals, timeouts, and what the options do. */
@LiblxcHost
class AttachSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = LxcHost.running('attach')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "stdout and stderr come back as strings, with the exit code"() {
        when:
        def r = c.run('sh', '-c', 'echo to-out; echo to-err >&2; exit 3')

        then:
        r.stdout == 'to-out\n'
        r.stderr == 'to-err\n'
        r.exitCode == 3
        r.signal == 0
        !r.success
        !r              // Groovy truth: failed
        r.duration > Duration.ZERO
        c.run('true')   // and a success is true
    }

    def "a missing program reads 127"() {
        expect:
        c.run('/no/such/program').exitCode == 127
    }

    def "a command killed by a signal reports the signal, not exit 0"() {
        when:
        def r = c.run('sh', '-c', 'kill -9 $$')

        then:
        r.signal == 9
        r.exitCode == -1
        !r.success
        r.status() == 137
        c.attachWait(['sh', '-c', 'kill -TERM $$']) == 128 + 15
    }

    def "a real exit 255 is the command's, not an attach failure"() {
        expect:
        c.run('sh', '-c', 'exit 255').exitCode == 255
        c.attachWait(Lxc.attachRunCommand, ['sh', '-c', 'exit 255']) == 255
    }

    def "attaching to a stopped container is an LxcException, not an exit code"() {
        given:
        def stopped = new Container(LxcHost.PREFIX + 'attach-none')

        when:
        stopped.run('true')

        then:
        def e = thrown(LxcException)
        e.operation == 'attach'
        e.container == stopped.name
        e.reason

        cleanup:
        stopped.close()
    }

    def "more than 1 MB of output on both streams does not deadlock"() {
        when:
        def r = c.run(timeout: 30, ['sh', '-c', 'i=0; while [ $i -lt 3 ]; do head -c 700000 /dev/zero | tr "\\0" "a"; head -c 500000 /dev/zero | tr "\\0" "b" >&2; i=$((i+1)); done'])

        then:
        !r.timedOut
        r.exitCode == 0
        r.stdout.length() == 2_100_000
        r.stderr.length() == 1_500_000
        r.stdout.every { it == 'a' }
    }

    def "a timeout kills sleep 30 within about a second and leaves nothing of it in the container"() {
        when:
        long t0 = System.nanoTime()
        def r = c.run(timeout: 1, ['sh', '-c', 'sleep 30 & sleep 31; echo never'])
        double took = (System.nanoTime() - t0) / 1e9

        then:
        r.timedOut
        r.signal == 9
        took < 2.0
        r.stdout == ''
        !c.run('ps').stdout.contains('sleep 3')
    }

    def "cwd, uid and gid, groups do what they say"() {
        expect:
        c.run(cwd: '/tmp', ['pwd']).stdout == '/tmp\n'
        c.run(['pwd']).stdout == '/\n'
        c.run(uid: 1000, gid: 1001, ['sh', '-c', 'id -u; id -g']).stdout == '1000\n1001\n'
        c.run(uid: 1000, gid: 1001, groups: [2000, 2001], ['sh', '-c', 'id -G']).stdout.trim().split(' ') as Set == ['1001', '2000', '2001'] as Set
    }

    def "env adds variables, keepEnv passes named ones of the JVM, clearEnv false hands over everything"() {
        given:
        String hostVar = System.getenv().keySet().find { it == 'PATH' } ? 'PATH' : System.getenv().keySet().first()

        when:
        def env = c.run(env: [GREETING: 'hello world', EMPTY: ''], ['env']).stdout.readLines()
        def kept = c.run(keepEnv: ['HOME'], ['sh', '-c', 'echo "$HOME"']).stdout
        def all = c.run(clearEnv: false, ['env']).stdout.readLines()

        then:
        'GREETING=hello world' in env
        'EMPTY=' in env
        kept == System.getenv('HOME') + '\n'
        System.getenv().keySet().findAll { !(it in ['PATH', 'HOME', 'container', 'TERM', '_']) }.every { name -> all.any { it.startsWith(name + '=') } }
    }

    def "stdin is what the options give, and empty by default"() {
        expect:
        c.run(stdin: 'line one\nline two\n', ['wc', '-l']).stdout.trim() == '2'
        c.run(['cat']).stdout == ''
    }

    def "output goes to a line handler, a stream or a file"() {
        given:
        def lines = []
        def stream = new ByteArrayOutputStream()
        def file = File.createTempFile('lxcg-out', '.txt')

        when:
        c.run(stdout: { lines << it }, ['sh', '-c', 'echo one; echo two; printf three'])
        c.run(stdout: stream, stderr: 'discard', ['sh', '-c', 'echo streamed; echo gone >&2'])
        c.run(stdout: file, ['echo', 'filed'])

        then:
        lines == ['one', 'two', 'three']
        stream.toString() == 'streamed\n'
        file.text == 'filed\n'

        cleanup:
        file.delete()
    }

    def "namespaces select what is entered: without the network namespace the host's network shows"() {
        when:
        def inside = c.run(['cat', '/proc/net/dev']).stdout
        int allButNet = Lxc.CLONE_NEWNS | Lxc.CLONE_NEWPID | Lxc.CLONE_NEWUTS | Lxc.CLONE_NEWIPC
        def hostNet = c.run(namespaces: allButNet, ['cat', '/proc/net/dev'])

        then:
        inside.contains('eth0')
        !inside.contains('lxcbr0')
        c.run(namespaces: Lxc.CLONE_NEWUTS | Lxc.CLONE_NEWNS, ['hostname']).stdout.trim() == c.name
        hostNet.stdout.contains('lxcbr0')     // /proc/net shows the reader's network namespace: the host's
    }

    def "personality and elevated privileges reach liblxc"() {
        expect:
        c.run(personality: 8 /* PER_LINUX32 */, ['uname', '-m']).stdout.trim() in ['i686', 'i386']
        c.run(personality: 'i686', ['uname', '-m']).stdout.trim() in ['i686', 'i386']   // python's arch_to_personality
        Lxc.archToPersonality('x86_64') == 0 && Lxc.archToPersonality('armhf') == 8
        c.run(['uname', '-m']).stdout.trim() == 'x86_64'
        capEff(c.run(['cat', '/proc/self/status']).stdout) != capEff(c.run(elevatedPrivileges: true, ['cat', '/proc/self/status']).stdout)
    }

    private static String capEff(String status) {
        status.readLines().find { it.startsWith('CapBnd:') }
    }

    def "attach returns a running process that waitFor and kill act on"() {
        when:
        def p = c.attach(stdout: 'capture', ['sleep', '30'])
        p.kill()
        def r = p.waitFor(Duration.ofSeconds(5))

        then:
        p.pid > 0
        r.signal == 9
    }

    def "a command nobody waits for is reaped, so stop() returns and its result is there afterwards"() {
        given: 'an unreaped child in the pid namespace would keep init from exiting, and stop() would wait forever'
        def other = LxcHost.running('attach-unwaited')
        def p = other.attach(stdout: 'capture', ['sh', '-c', 'echo started; sleep 600'])

        when:
        def stopping = java.util.concurrent.CompletableFuture.runAsync { other.stop() }
        stopping.get(60, java.util.concurrent.TimeUnit.SECONDS)   // hang guard
        def r = p.waitFor(Duration.ofSeconds(5))

        then:
        other.state == ContainerState.STOPPED
        r.signal == 9
        !r.timedOut

        cleanup:
        LxcHost.dispose(other)
    }

    def "kill() from another thread ends a waitFor() in progress, which reports the signal"() {
        given:
        def p = c.attach(stdout: 'capture', ['sleep', '600'])
        def waiting = java.util.concurrent.CompletableFuture.supplyAsync { p.waitFor() }

        when: 'the waiter is in its wait (the command still runs), another thread kills'
        Thread.sleep(300)
        boolean stillWaiting = !waiting.done
        java.util.concurrent.CompletableFuture.runAsync { p.kill() }.get(60, java.util.concurrent.TimeUnit.SECONDS)
        def r = waiting.get(60, java.util.concurrent.TimeUnit.SECONDS)   // hang guards: sleep 600 would run 10 min

        then:
        stillWaiting
        r.signal == 9
        !r.timedOut
        p.waitFor().is(r)

        when: 'after the reap a kill does nothing'
        p.kill()

        then:
        noExceptionThrown()
    }

    def "unknown options and a zero namespace mask are refused before anything runs"() {
        when:
        c.run(cwdd: '/tmp', ['pwd'])
        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("unknown attach option 'cwdd'")

        when:
        c.run(namespaces: 0, ['true'])
        then:
        e = thrown(IllegalArgumentException)
        e.message.contains('host')
    }
}
