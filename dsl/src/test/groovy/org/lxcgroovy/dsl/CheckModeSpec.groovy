package org.lxcgroovy.dsl

import org.lxcgroovy.dsl.support.ScriptHost
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Shared
import spock.lang.Specification

/**
 * Check mode on busybox containers: nothing in a container changes, what would have is reported as skipped,
 * read-only commands run, and a container that had to be started to be looked at is shut down again.
 */
@LiblxcHost
class CheckModeSpec extends Specification {
    @Shared Container stopped
    @Shared Container running

    def setupSpec() {
        LxcHost.clearLeftovers()
        stopped = LxcHost.busybox('check-stopped')
        running = LxcHost.running('check-running')
    }

    def cleanupSpec() {
        [stopped, running].each { LxcHost.dispose(it) }
    }

    static FleetReport fleet(List<Container> targets, Map options = [:], Closure body) {
        new Fleet(options + [quiet: true, check: true], { String l -> }).run(targets, body)
    }

    /** Whether {@code path} exists in the container, looked at with the engine (started for the look if need be). */
    static boolean exists(Container c, String path) {
        boolean start = !c.running
        if (start) {
            c.start()
        }
        try {
            c.run(['test', '-e', path]).success
        } finally {
            if (start) {
                c.stop()
            }
        }
    }

    def "a checked body changes nothing: commands, writes and container operations are skipped and reported, read-only commands run"() {
        given:
        String config = stopped.getConfigItem('lxc.uts.name')
        String passwd = running.run(['cat', '/etc/passwd']).stdout
        Map<String, String> seen = [:]

        when:
        def report = fleet([stopped, running]) {
            start()
            sh 'touch /root/lxcg-sh'
            run('touch', '/root/lxcg-run')
            attachWait(['touch', '/root/lxcg-attach'])
            file('/root/lxcg-file').text = 'written'
            file('/etc/passwd') << 'appended'
            file('/etc/passwd').delete()
            file('/root/lxcg-dir').mkdirs()
            setConfigItem('lxc.uts.name', 'changed')
            saveConfig()
            freeze()
            rename('lxcg-test-renamed')
            seen[name] = run(readOnly: true, 'uname', '-n').stdout.trim() + '|' + sh(readOnly: true, 'hostname').stdout.trim()
        }

        then: 'both ok, each step that would change something a skipped mark on the timeline'
        report.failed.collect { it.toString() } == []
        report.results.every { it.check && !it.changed }
        report.results*.skipped.every {
            it == ['$ /bin/sh -c touch /root/lxcg-sh', '$ touch /root/lxcg-run', '$ touch /root/lxcg-attach',
                           'write /root/lxcg-file', 'append to /etc/passwd', 'delete /etc/passwd',
                           'create directory /root/lxcg-dir', 'set lxc.uts.name', 'save the configuration', 'freeze', 'rename']
        }
        report.toMap().containers.every { it.check && it.skipped.size() == 11 }
        report[stopped.name].steps.findAll { it.kind == StepKind.SKIPPED }.every { it.outcome == 'check mode' && it.ok }

        and: 'read-only commands ran and saw the real thing'
        seen == [(stopped.name): "${stopped.name}|${stopped.name}".toString(), (running.name): "${running.name}|${running.name}".toString()]

        and: 'the stopped one was started to be looked at and shut down again, and the report says so'
        report[stopped.name].startedByRun
        report[stopped.name].output.contains('started, to be looked at (check mode); shut down again afterwards')
        stopped.state == ContainerState.STOPPED
        !report[running.name].startedByRun
        running.state == ContainerState.RUNNING

        and: 'nothing changed in either'
        [stopped, running].every { c ->
            ['/root/lxcg-sh', '/root/lxcg-run', '/root/lxcg-attach', '/root/lxcg-file', '/root/lxcg-dir'].every { !exists(c, it) } &&
                    exists(c, '/etc/passwd')
        }
        running.run(['cat', '/etc/passwd']).stdout == passwd
        new Container(stopped.name).withCloseable { it.getConfigItem('lxc.uts.name') } == config
    }

    def "a checked guard takes no snapshot and rolls nothing back"() {
        when:
        def report = fleet([stopped], [snapshot: true]) {
            ensureRunning()
            throw new IllegalStateException('the body fails')
        }

        then:
        !report.ok
        report[stopped.name].snapshot == null
        report[stopped.name].rolledBack == null
        report[stopped.name].skipped == ['guard snapshot (and any rollback)']
        stopped.snapshotList().isEmpty()
        stopped.state == ContainerState.STOPPED
    }

    def "under --check every fleet and every closure in a container checks; a fleet that asks check: false is refused"() {
        given:
        def host = new ScriptHost(check: true)

        when:
        def value = host.run("""
            def c = container('${running.name}')
            c.attachWait { sh 'touch /root/lxcg-closure'; file('/root/lxcg-closure-file').text = 'x' }
            c.file('/root/lxcg-extension-file').text = 'x'
            def report = fleet([c]) { sh 'touch /root/lxcg-fleet' }
            [checkMode, report[c.name].check, report[c.name].skipped]
        """)

        then:
        value == [true, true, ['$ /bin/sh -c touch /root/lxcg-fleet']]
        host.lines.findAll { it.contains('skipped') } == ["${running.name}: skipped (check mode): \$ /bin/sh -c touch /root/lxcg-closure".toString(),
                       "${running.name}: skipped (check mode): write /root/lxcg-closure-file".toString(),
                       "${running.name}: skipped (check mode): write /root/lxcg-extension-file".toString()]
        ['/root/lxcg-closure', '/root/lxcg-closure-file', '/root/lxcg-extension-file', '/root/lxcg-fleet'].every { !exists(running, it) }

        when:
        host.run("fleet(['${running.name}'], check: false) { sh 'touch /root/lxcg-fleet' }")

        then:
        IllegalArgumentException e = thrown()
        e.message == 'this fleet asks check: false, but the command was told --check: nothing may change'
        !exists(running, '/root/lxcg-fleet')
    }
}
