package org.lxcgroovy.dsl

import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.Nic
import org.lxcgroovy.engine.support.Await
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Specification
import spock.lang.Timeout

/**
 * Many fleet runs in one JVM leave nothing behind: after 20 runs (start, 5 attaches, shutdown over 8 busybox
 * containers) the JVM has exactly the descriptors and threads it had after the first two. SoakBench runs 200 and
 * prints native memory too.
 */
@LiblxcHost
class SoakSpec extends Specification {
    static final int CONTAINERS = 8
    static final int RUNS = 20

    /** One run of the job; the containers' halt signal ends their init at once, so the shutdown is clean and quick. */
    static FleetReport job(List<Container> cs) {
        new Fleet([quiet: true, shutdownTimeout: 10], {}).run(cs) {
            ensureRunning()
            5.times { assert run('true').success }
        }
    }

    /**
     * Busybox containers {@code prefix}1..8 (fixed MACs), whose halt signal is SIGKILL: busybox's init may ignore
     * the default one.
     */
    static List<Container> containers(String prefix) {
        (1..CONTAINERS).collect {
            String name = "$prefix$it"
            LxcHost.destroy(name)
            Container c = new Container(name)
            c.create('busybox')
            c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(name))
            c.setConfigItem('lxc.signal.halt', 'SIGKILL')
            c.saveConfig()
            c
        }
    }

    /**
     * Open descriptors and threads, once the run's own threads (fleet-*) have ended, less the pools that are caches
     * by design: the attach helpers (one socket and one reader thread each; up to one per core, as busy as a run
     * happens to be), the idle output threads ({@code lxc-attach-io}, kept 60 s for the next attach) and the JDK's
     * {@code process reaper} threads (one per child process waited on at once, the lxc-start and lxc-stop runs of
     * a fleet among them, kept 60 s: 8 after two runs here, and a CI run ended with 2 more than its baseline).
     */
    static List<Integer> footprint() {
        long giveUp = System.nanoTime() + 30_000_000_000L
        while (threads().any { it.name.startsWith('fleet-') } && System.nanoTime() < giveUp) {
            Thread.sleep(50)
        }
        Set<Thread> all = threads()
        int cached = all.count { it.name in ['lxc-attach-io', 'process reaper'] } as int
        [LxcHost.openFdsLessHelpers(), all.size() - LxcHost.attachHelpers() - cached]
    }

    /** Threads by name, digits folded ("fleet-3" and "fleet-4" are "fleet-N"): what a mismatch is made of. */
    static Map<String, Integer> threadNames() {
        threads()*.name*.replaceAll(/\d+/, 'N').countBy { it }.sort() as Map<String, Integer>
    }

    private static Set<Thread> threads() {
        Thread.allStackTraces.keySet().findAll { it.alive } as Set<Thread>
    }


    @Timeout(900)
    def "20 fleet runs of start, 5 attaches and shutdown over 8 containers leave exactly the descriptors and threads of two"() {
        given:
        List<Container> cs = containers(LxcHost.PREFIX + 'soak-')
        2.times { assert job(cs).ok }
        List<Integer> baseline = footprint()
        Map<String, Integer> namesBefore = threadNames()

        when:
        List<String> failed = []
        RUNS.times { int i ->
            FleetReport r = job(cs)
            if (!r.ok) {
                failed << "run ${i + 1}: ${r.results.findAll { !it.ok }.collect { "${it.container}: ${it.error}" }}".toString()
            }
        }
        List<Integer> after = Await.settled(baseline, 30) { footprint() }   // what is still ending ends; a leak never does
        println "SoakSpec: descriptors and threads (less the attach helpers, idle output threads and process reapers) after two runs ${baseline}, after ${RUNS} more ${after}"
        if (after != baseline) {
            println "SoakSpec: threads after two runs ${namesBefore}, after ${RUNS} more ${threadNames()}"
        }

        then:
        failed == []
        after == baseline
        cs.every { it.state == ContainerState.STOPPED }

        cleanup:
        cs.each { LxcHost.dispose(it) }
    }
}
