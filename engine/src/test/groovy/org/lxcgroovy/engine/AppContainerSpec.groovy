package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.time.Duration
import spock.lang.Shared
import spock.lang.Specification

/** Application containers: a command as the container's whole life under liblxc's init (lxc-execute). */
@LiblxcHost
class AppContainerSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = LxcHost.busybox('app')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def cleanup() {
        if (c.running) {
            c.stop()
        }
    }

    def "execute runs a command as the container's life and reports its output and exit status"() {
        when:
        def r = c.execute('sh', '-c', 'echo out; echo err >&2; test "$(cat /proc/1/cmdline | tr "\\0" " ")" = "init "; exit 7')

        then:
        r.exitCode() == 7          // 7, not 1: the cmdline test passed, so the command ran under liblxc's init
        r.stdout() == 'out\n'
        r.stderr() == 'err\n'
        !r.timedOut()
        c.state == ContainerState.STOPPED
    }

    def "execute reports how its command ended as a shell would: 128 + N for signal N, 255 for a missing program"() {
        expect:
        c.execute('sh', '-c', 'kill -9 $$').exitCode() == 137
        c.execute('/no/such/program').exitCode() == 255
        c.execute('true').success
    }

    def "execute's timeout kills the container and says so"() {
        when:
        long t0 = System.nanoTime()
        def r = c.execute(Duration.ofSeconds(1), ['sleep', '30'])
        double took = (System.nanoTime() - t0) / 1e9

        then:
        r.timedOut()
        !r.success
        took < 5
        c.state == ContainerState.STOPPED
    }

    def "start with useinit runs the command under liblxc's init, daemonized, and stops when it ends"() {
        when:
        c.start(useinit: true, command: ['sleep', '2'])

        then:
        c.running
        c.run('cat', '/proc/1/cmdline').stdout().startsWith('init')
        c.run('cat', '/proc/2/cmdline').stdout() == 'sleep\u00002\u0000'
        c.waitFor('STOPPED', 10)
    }

    def "execute and start with useinit refuse what they cannot run, naming the container and the reason"() {
        given:
        def undefined = new Container(LxcHost.PREFIX + 'app-undefined')

        when:
        c.start()
        c.execute('true')

        then:
        def running = thrown(LxcException)
        running.operation == 'execute'
        running.container == c.name
        running.reason == 'container is already running'

        when:
        undefined.execute('true')

        then:
        def e = thrown(LxcException)
        e.container == LxcHost.PREFIX + 'app-undefined'
        e.reason.contains('not defined')
        !undefined.defined

        when:
        c.stop()
        c.start(useinit: true)

        then:
        thrown(IllegalArgumentException)

        cleanup:
        undefined.close()
    }
}
