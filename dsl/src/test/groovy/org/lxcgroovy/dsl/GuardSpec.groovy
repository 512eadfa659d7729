package org.lxcgroovy.dsl

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.nio.file.Files
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

/**
 * Guarded maintenance on three Debian overlay clones: a body that fails is rolled back to the snapshot taken before
 * it, the others keep their changes, and only lxc-groovy's own snapshots are ever pruned.
 */
@Stepwise
@LiblxcHost
class GuardSpec extends Specification {
    @Shared List<Container> fleet = []
    @Shared Map<String, String> macs = [:]

    def setupSpec() {
        LxcHost.clearLeftovers()
        def note = Files.createTempFile('lxcg-test-note', '.txt')
        Files.writeString(note, 'before the big upgrade, by hand\n')
        (1..3).each {
            Container c = LxcHost.debian("guard-$it")
            c.snapshot(note.toString())             // the user's own: snap0
            macs[c.name] = c.network[0].hwaddr
            fleet << c
        }
        Files.delete(note)
    }

    def cleanupSpec() {
        fleet.each { LxcHost.dispose(it) }
    }

    static FleetReport run(List<Container> targets, Map options, Closure body) {
        new Fleet(options + [quiet: true], { String l -> }).run(targets, body)
    }

    /** What the container has, seen from inside (started for the look, stopped again). */
    static Map look(Container c) {
        c.start()
        try {
            new InContainer(c).with {
                [file: file('/root/guarded').exists(), sl: run('dpkg-query', '-W', 'sl').success]
            }
        } finally {
            c.stop()
        }
    }

    static List<String> guardSnapshots(Container c) {
        c.snapshotList().findAll { it.comment()?.startsWith(SnapshotGuard.MARK) }*.name
    }

    def "a guarded body that fails after writing a file and installing a package is rolled back, and only that one"() {
        when:
        def report = run(fleet, [snapshot: true, keepSnapshots: 1, timeout: 300]) {
            ensureRunning()
            file('/root/guarded').text = 'changed by the run\n'
            apt.update()
            apt.install('sl', recommends: false)
            if (name.endsWith('-2')) {
                throw new IllegalStateException('the health check after the upgrade failed')
            }
        }
        def (one, two, three) = fleet.collect { report[it.name] }

        then: 'the failed one is back as the run found it: stopped, same MAC, no file, no package'
        !two.ok
        two.error == 'IllegalStateException: the health check after the upgrade failed'
        two.rolledBack == two.snapshot
        two.snapshot ==~ /snap\d+/
        !two.changed
        report.summary().contains("the health check after the upgrade failed; rolled back to ${two.snapshot}")
        report.toMap().containers[1].rolledBack == two.snapshot
        fleet[1].state == ContainerState.STOPPED
        fleet[1].network[0].hwaddr == macs[fleet[1].name]
        look(fleet[1]) == [file: false, sl: false]

        and: 'the others changed, and are stopped again as they were found'
        [one, three].every { it.ok && it.changed && it.rolledBack == null && 'sl' in it.packages*.name }
        [fleet[0], fleet[2]].every { it.state == ContainerState.STOPPED && look(it) == [file: true, sl: true] }
        fleet.every { guardSnapshots(it).size() == 1 }
    }

    def "a second guarded run prunes lxc-groovy's snapshots to keepSnapshots and never the user's own"() {
        when:
        def report = run(fleet, [snapshot: true, keepSnapshots: 1]) { ensureRunning() }

        then:
        report.failed*.error == []
        fleet.every { c ->
            def guards = guardSnapshots(c)
            guards == [report[c.name].snapshot] &&
                    c.snapshotList().find { it.name == 'snap0' }?.comment() == 'before the big upgrade, by hand\n'
        }
        report.results.every { r -> r.output.any { it.startsWith('destroyed old guard snapshot ') } }
    }

    def "a running container: refused with the reason unless snapshot: 'restart', which leaves it running"() {
        given:
        Container c = fleet[2]
        c.start()

        when:
        def refused = run([c], [snapshot: true]) { sh 'touch /root/ran' }
        def restarted = run([c], [snapshot: 'restart', keepSnapshots: 2]) {
            ensureRunning()
            sh 'touch /root/ran'
        }

        then:
        !refused.ok
        refused[c.name].error == "snapshot of container '${c.name}' failed: it is running and liblxc snapshots only " +
                "stopped containers; snapshot: 'restart' shuts it down for the snapshot"
        restarted.failed*.error == []     // (a container just started still boots: the guard waits for that first)
        restarted.ok
        restarted[c.name].snapshot != null
        restarted[c.name].output.contains('started again after the snapshot')
        guardSnapshots(c).size() == 2
        c.state == ContainerState.RUNNING
        new InContainer(c).file('/root/ran').exists()

        cleanup:
        c.stop()
    }

    def "a body that times out is rolled back too, here on a directory-backed container (its snapshot is a full copy)"() {
        given:
        Container bb = LxcHost.busybox('guard-bb')

        when:
        def report = run([bb], [snapshot: true, timeout: 3]) {
            ensureRunning()
            file('/root/half-done').text = 'x'
            sh 'sleep 30'
        }
        bb.start()
        boolean halfDone = new InContainer(bb).file('/root/half-done').exists()
        bb.stop()

        then:
        report[bb.name].timedOut
        report[bb.name].rolledBack == report[bb.name].snapshot
        !halfDone
        bb.state == ContainerState.STOPPED

        cleanup:
        LxcHost.dispose(bb)
    }
}
