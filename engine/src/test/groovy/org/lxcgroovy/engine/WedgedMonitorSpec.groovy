package org.lxcgroovy.engine

import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

/**
 * A container whose monitor does not answer (SIGSTOP stands for lxc/lxc#4707's stuck monitor): liblxc would wait
 * for it without a bound; the engine's calls fail as timed out after MonitorProbe.TIMEOUT and ask the monitor
 * nothing, calls that do not need it go on, and after SIGCONT the container works again.
 */
@LiblxcHost
class WedgedMonitorSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = LxcHost.busybox('wedged')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "the engine reaches the monitor at the socket name liblxc gives it: the path, or its hash when that is too long"() {
        given: 'a second container in an lxcpath too long for the plain name'
        File longPath = new File('/tmp/' + LxcHost.PREFIX + 'lxcpath-' + 'x' * 90)
        longPath.mkdirs()
        def far = new Container(LxcHost.PREFIX + 'wedged-far', longPath.path)
        if (far.defined) {    // left by a run that crashed
            ['lxc-stop', '-k', '-P', longPath.path, '-n', far.name].execute().waitFor()
            far.destroy()
        }
        far.create('busybox')
        far.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(far.name))
        far.saveConfig()
        c.start()
        far.start()
        List<String> listening = new File('/proc/net/unix').readLines()

        expect:
        MonitorProbe.socketName(c.configPath, c.name) == "${c.configPath}/${c.name}/command"
        MonitorProbe.socketName(far.configPath, far.name) ==~ /lxc\/[0-9a-f]{16}\/command/
        [c, far].every { x -> listening.any { it.endsWith(' @' + MonitorProbe.socketName(x.configPath, x.name)) } }

        cleanup:
        c.stop()
        if (far.running) {
            far.stop()
        }
        far.destroy()
        far.close()
        LxcHost.giveBackLeases([Nic.stableHwaddr(far.name)])    // not in the default lxcpath: LxcHost.destroy cannot
        longPath.deleteDir()
    }

    /** Bounded as a whole, so that a call that hangs fails the spec; each call's time is asserted from below only. */
    @Timeout(180)
    def "every call that asks a stopped monitor fails as timed out within its bound, naming the monitor; the container works again after SIGCONT"() {
        given:
        c.start()
        int monitor = MonitorSpec.monitorOf(c.name)
        Map<String, Closure> asking = [
                getState          : { c.state },
                isRunning         : { c.running },
                getInitPid        : { c.initPid },
                attach            : { c.run('true') },
                shutdown          : { c.shutdown(Duration.ofSeconds(1)) },
                stop              : { c.stop() },
                freeze            : { c.freeze() },
                'waitFor(STOPPED)': { c.waitFor(ContainerState.STOPPED, Duration.ofSeconds(1)) },
                getIps            : { c.getIps(IpOptions.DEFAULT.withTimeout(Duration.ofSeconds(1))) },
                'getCgroupItem(pids.current)': { c.getCgroupItem('pids.current') },
                'getRunningConfigItem(lxc.uts.name)': { c.getRunningConfigItem('lxc.uts.name') },
                getMemoryUsage    : { c.memoryUsage },
        ]
        def pool = Executors.newFixedThreadPool(asking.size())

        when: 'every call at once, on its own thread, while the monitor is stopped'
        signal('STOP', monitor)
        Map<String, Map> outcomes
        try {
            def futures = asking.collectEntries { String op, Closure call ->
                [op, pool.submit({ outcome(call) } as Callable<Map>)]
            }
            outcomes = futures.collectEntries { op, f -> [op, f.get(60, TimeUnit.SECONDS)] }
            // calls liblxc answers from the handle and the files go on meanwhile
            assert c.defined
            assert c.getConfigItem('lxc.uts.name') == c.name
        } finally {
            signal('CONT', monitor)
            pool.shutdownNow()
        }

        then:
        outcomes.each { String op, Map o ->
            assert o.kind == LxcException.Kind.TIMED_OUT: "$op: $o"
            assert o.message.startsWith("$op of container '${c.name}' failed: the container's monitor (lxc monitor, pid $monitor) did not answer within 10 s"): "$op: $o"
            assert o.millis >= MonitorProbe.TIMEOUT.toMillis(): "$op: $o"
        }

        and: 'the monitor, going on, answers again; nothing was asked of it that stopped or froze the container'
        c.state == ContainerState.RUNNING
        c.run('true').status() == 0

        cleanup:
        signal('CONT', monitor)
        c.stop()
    }

    private static Map outcome(Closure call) {
        long t0 = System.nanoTime()
        try {
            [returned: call(), millis: (System.nanoTime() - t0).intdiv(1_000_000)]
        } catch (LxcException e) {
            [kind: e.kind, message: e.message, millis: (System.nanoTime() - t0).intdiv(1_000_000)]
        }
    }

    private static void signal(String name, int pid) {
        assert ['kill', "-$name", "$pid"].execute().waitFor() == 0
    }
}
