package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.AttachForkProbe
import org.lxcgroovy.engine.support.ForkCount
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost

import java.time.Duration
import java.util.concurrent.TimeUnit
import spock.lang.Shared
import spock.lang.Specification

/**
 * The attach helper: the JVM never forks for an attach, the helper ends with the JVM, and a helper that dies is
 * replaced while what was in flight fails with the reason. (That attaches keep their guarantees through it —
 * environment, descriptors, timeouts, kill, output — AttachSpec, SecuritySpec and the rest show.)
 */
@LiblxcHost
class AttachHelperSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = LxcHost.running('helper')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "100 attaches fork the JVM 0 times (liblxc's in-process attach, the control, forks it for each)"() {
        when:
        int throughHelper = jvmForks([])
        int inProcess = jvmForks(['-Dlxcgroovy.attach=in-process'])
        printf('AttachHelperSpec: 100 attaches forked the JVM %d times through the helper, %d times in-process%n',
                throughHelper, inProcess)

        then:
        throughHelper == 0
        inProcess >= AttachForkProbe.ATTACHES
    }

    def "64 attaches at once are spread over a pool of helpers, one per core at most"() {
        when:
        def pool = java.util.concurrent.Executors.newFixedThreadPool(64)
        def results = (1..64).collect { i -> pool.submit({ c.run('echo', "$i").stdout } as java.util.concurrent.Callable) }*.get()
        pool.shutdown()

        then: 'every output is its own'
        results == (1..64).collect { "$it\n" }

        and: 'more than one helper served them, never more than the pool holds'
        AttachHelper.runningPids().size() in 2..AttachHelper.POOL
    }

    def "the helper ends with its JVM, also when the JVM is killed with SIGKILL"() {
        given: 'a JVM whose attach started a helper, then waits'
        def java = ProcessHandle.current().info().command().get()
        def script = 'def c = new org.lxcgroovy.engine.Container(args[0]); assert c.run("true").success; ' +
                'println org.lxcgroovy.engine.LiblxcSeams.helperPids()[0]; System.out.flush(); Thread.sleep(600_000)'
        def jvm = new ProcessBuilder(java, '-cp', System.getProperty('java.class.path'), groovy.ui.GroovyMain.name,
                '-e', script, c.name).redirectErrorStream(true).start()
        def reader = new BufferedReader(new InputStreamReader(jvm.inputStream))
        long helper = reader.readLine() as long

        expect: 'its child, the helper, runs'
        ProcessHandle.of(helper).get().parent().get().pid() == jvm.pid()

        when:
        jvm.destroyForcibly()
        jvm.waitFor(30, TimeUnit.SECONDS)

        then: 'the helper saw its socket close and exited (at most 10 s are waited for it)'
        gone(helper, 10)
    }

    def "a helper that dies fails the attach in flight with the reason, and the next attach gets a new helper"() {
        given: 'a command running through a helper'
        def running = c.attach(stdout: 'discard', ['sleep', '30'])
        List<Integer> before = AttachHelper.runningPids()
        assert before

        when: 'the helpers are killed'
        before.each { new ProcessBuilder('kill', '-9', it as String).start().waitFor() }
        running.waitFor(Duration.ofSeconds(60))

        then:
        def e = thrown(LxcException)
        e.container == c.name
        e.reason.startsWith('the attach helper (lxc-groovy-attach) ended by signal 9 before it reported how the command ended')

        and: 'the command it ran is not left running'
        gone(running.pid(), 10)

        and: 'the next attach starts a new helper and works'
        c.run('echo', 'again').stdout == 'again\n'
        AttachHelper.runningPids() && !AttachHelper.runningPids().any { it in before }
    }

    /** Whether process {@code pid} is gone within {@code seconds}. */
    private static boolean gone(long pid, int seconds) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (System.nanoTime() < giveUp) {
            if (!ProcessHandle.of(pid).map { it.alive }.orElse(false)) {
                return true
            }
            Thread.sleep(50)
        }
        false
    }

    /** Forks of a JVM of its own, with {@code flags}, during {@link AttachForkProbe}'s 100 attaches (see {@link ForkCount}). */
    private int jvmForks(List<String> flags) {
        ForkCount.run(flags, AttachForkProbe.name, [c.name], AttachForkProbe.BEGIN, AttachForkProbe.END)[1] as int
    }
}
