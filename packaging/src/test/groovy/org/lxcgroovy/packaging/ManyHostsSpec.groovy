package org.lxcgroovy.packaging

import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit
import org.lxcgroovy.cli.support.Chromium
import org.lxcgroovy.engine.support.LiblxcHost
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * {@code lxc-groovy --inventory} as an administrator runs it from the controller, over five hosts that are real
 * sshd instances on loopback addresses (see {@link SshHosts}), each with its own lxcpath of three busybox containers
 * of the same names, driven by Debian's ansible-core through the installed lxcgroovy.fleet collection, and the
 * installed lxc-groovy on each host.
 */
@LiblxcHost
class ManyHostsSpec extends Specification {
    static final int HOSTS = 5
    /** The canonical job: start each container, run a command in it, shut it down (what it started). */
    static final String JOB = '''
        fleet(containers('lxcg-test-*'), shutdownTimeout: 2) {
            ensureRunning()
            sh "echo ${name} on ${host}"
            if (hostVars.fail) {
                throw new IllegalStateException("told to fail on ${host}")
            }
            if (hostVars.sleep) {
                sh "sleep ${hostVars.sleep}"
            }
        }
        '''

    @Shared @AutoCleanup SshHosts hosts = new SshHosts(HOSTS)
    @Shared File work = File.createTempDir('lxcg-test-many-hosts', '')

    def cleanupSpec() {
        work.deleteDir()
    }

    /** Runs the installed command with {@code argv}: [exit status, stdout, stderr]; bounded by {@code minutes}. */
    List<Object> lxcGroovy(List<String> argv, int minutes = 4) {
        def run = ProcessOutput.of(new ProcessBuilder(['/usr/bin/lxc-groovy'] + argv).start(), minutes * 60, "lxc-groovy ${argv}")
        [run.exitCode, run.stdout, run.stderr]
    }

    File script(String text) {
        File f = new File(work, "job-${System.nanoTime()}.groovy")
        f.text = text
        f
    }

    Map<String, Object> report(File file) {
        (Map<String, Object>) new JsonSlurper().parse(file)
    }

    /** What a command that did not end was doing: its signal dispositions, its threads, the processes under it. */
    static String whyNotEnded(long pid) {
        String signals = new File("/proc/$pid/status").readLines().findAll { it.startsWith('Sig') }.join('\n')
        String threads = new ProcessBuilder('jstack', pid.toString()).redirectErrorStream(true).start().inputStream.getText('UTF-8')
        List<String> processes = new ProcessBuilder('ps', '-e', '-o', 'pid=,ppid=,stat=,etime=,args=').start().inputStream.getText('UTF-8').readLines()
        Set<String> family = [pid.toString()] as Set
        int before = 0
        while (family.size() != before) {
            before = family.size()
            processes.each { List<String> f = it.trim().split(/\s+/) as List; if (f[1] in family) { family << f[0] } }
        }
        [signals, threads, processes.findAll { (it.trim().split(/\s+/)[0]) in family }.join('\n')].join('\n')
    }

    void nothingLeftRunning() {
        assert (0..HOSTS).collectMany { hosts.running(it) } == []
        assert SshHosts.remoteRuns() == []
    }

    def "the job over five hosts: 15 rows keyed host/container, every host ok, exit 0"() {
        given:
        File json = new File(work, 'all-ok.json')

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory().path, '--report', json.path, script(JOB).path])
        def r = report(json)

        then:
        exit == 0
        r.exitStatus == 0
        r.hosts.keySet() == (1..HOSTS).collect { SshHosts.name(it) } as Set
        r.hosts.values()*.outcome.unique() == ['ok']
        r.containers.keySet() == (1..HOSTS).collectMany { n -> hosts.containers.collect { "h${n}/${it}".toString() } } as Set
        r.containers.values().every { it.ok && it.startedByRun && it.steps*.kind.containsAll(['start', 'command', 'shutdown']) }
        r.containers['h3/lxcg-test-web-2'].output.any { it.contains('exit 0') }
        r.hosts.h2.output.any { it.contains('lxcg-test-web-1 ok') }
        out.contains('h4: ok')
        out.readLines().last() ==~ /5 hosts, 15 containers in [0-9.]+ s: 5 ok/
        nothingLeftRunning()
    }

    def "a body that fails on one host fails that host's containers and exits 1; the other hosts are ok"() {
        given:
        File json = new File(work, 'one-fails.json')

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory([h2: [fail: true]]).path, '--report', json.path,
                                          script(JOB).path])
        def r = report(json)

        then:
        exit == 1
        r.hosts.h2.outcome == 'failed'
        (r.hosts.findAll { it.key != 'h2' }.values()*.outcome).unique() == ['ok']
        r.containers.findAll { it.key.startsWith('h2/') }.values().every { !it.ok && it.error.contains('told to fail on h2') }
        out.contains('h2/lxcg-test-web-1')
        nothingLeftRunning()
    }

    def "--check over two hosts: ansible-playbook --check, each host's script in check mode, nothing changed"() {
        given:
        File json = new File(work, 'check.json')
        File checked = script("""
            fleet(containers('lxcg-test-*'), shutdownTimeout: 2) {
                ensureRunning()
                sh 'touch /root/lxcg-checked'
            }
            """)

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory().path, '--limit', 'h1,h2', '--check', '--verbose',
                                          '--report', json.path, checked.path])
        def r = report(json)

        then:
        exit == 0
        err.contains(' --check')
        r.hosts.keySet() == ['h1', 'h2'] as Set
        r.containers.size() == 2 * hosts.containers.size()
        r.containers.values().every { it.ok && it.check && it.startedByRun && it.skipped == ['$ /bin/sh -c touch /root/lxcg-checked'] }
        (1..2).every { n -> hosts.containers.every { !new File(hosts.lxcPath(n), "${it}/rootfs/root/lxcg-checked").exists() } }
        nothingLeftRunning()
    }

    def "the collection's playbook under plain ansible-playbook gives each host the same outcome"() {
        given:
        File results = new File(work, 'plain-results.json')
        File inventory = hosts.inventory([h2: [fail: true]])
        def pb = new ProcessBuilder('ansible-playbook', '-i', inventory.path, 'lxcgroovy.fleet.run',
                '-e', "lxcgroovy_script=${script(JOB).path}".toString(), '--limit', 'h1,h2,h3')
        pb.environment().putAll([ANSIBLE_STDOUT_CALLBACK: 'lxcgroovy.fleet.report', LXCGROOVY_RESULTS: results.path])
        Process p = pb.redirectErrorStream(true).start()
        String out = p.inputStream.getText('UTF-8')

        when:
        boolean ended = p.waitFor(4, TimeUnit.MINUTES)
        def r = report(results)

        then: "Ansible's own verdict (2: a host failed) and the callback's outcomes, as lxc-groovy --inventory has them"
        ended
        p.exitValue() == 2
        r.hosts.collectEntries { k, v -> [(k): v.outcome] } == [h1: 'ok', h2: 'failed', h3: 'ok']
        r.hosts.h2.result.fleets[0].containers.every { !it.ok && it.error.contains('told to fail on h2') }
        out.contains('h2: failed')
        out.readLines().last() == '3 hosts: 1 failed, 2 ok'
        nothingLeftRunning()
    }

    def "--report run.html: one page, the containers grouped by host on one time axis, as Chromium shows it"() {
        given:
        File page = new File(work, 'run.html')

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory([h2: [fail: true]]).path, '--limit', 'h1,h2,h3',
                                          '--report', page.path, script(JOB).path])
        String shown = Chromium.dom(page)
        def rows = (shown =~ /<div class="row (group|ok|failed)[^"]*"><div class="name">(?:<a href="#[^"]+">)?([^<]+)</)
                .collect { [it[1], it[2]] }

        then:
        exit == 1
        rows == [['group', 'h1']] + hosts.containers.collect { ['ok', "h1/${it}".toString()] } +
                [['group', 'h2']] + hosts.containers.collect { ['failed', "h2/${it}".toString()] } +
                [['group', 'h3']] + hosts.containers.collect { ['ok', "h3/${it}".toString()] }
        shown.count('class="tick') == 5
        shown.contains('<li class="failed"><b>h2</b>: failed')
        shown.contains('<li class="ok"><b>h1</b>: ok</li>')
    }

    def "under ansible-runner, AWX's executor, with AWX's event callback: each host's outcome as lxc-groovy has it"() {
        given: 'a project as AWX checks one out: the script, and a playbook that names it and imports the collection\'s'
        File runner = new File(work, 'runner')
        new File(runner, 'project').mkdirs()
        new File(runner, 'project/nightly.yml').text = '''\
            - hosts: all
              gather_facts: false
              tasks:
                - ansible.builtin.set_fact:
                    lxcgroovy_script: "{{ playbook_dir }}/job.groovy"
            - import_playbook: lxcgroovy.fleet.run
            '''.stripIndent()
        new File(runner, 'project/job.groovy').text = JOB
        File inventory = hosts.inventory([h2: [fail: true]])
        Process p = new ProcessBuilder('ansible-runner', 'run', runner.path, '-p', 'nightly.yml', '--inventory', inventory.path,
                '--limit', 'h1,h2', '--ident', 'job1')
                .redirectErrorStream(true).start()
        def out = new ByteArrayOutputStream()
        Thread reader = p.consumeProcessOutputStream(out)

        when:
        boolean ended = p.waitFor(4, TimeUnit.MINUTES)
        reader.join(ProcessOutput.DRAIN_MILLIS)
        List<Map> events = new File(runner, 'artifacts/job1/job_events').listFiles().collect { new JsonSlurper().parse(it) as Map }
        Map<String, String> outcomes = events.findAll {
            it.event in ['runner_on_ok', 'runner_on_failed'] && it.event_data?.task == 'Follow the run'
        }.collectEntries { [(it.event_data.host): it.event_data.res.outcome] }

        then: "ansible-runner's status and the job events AWX shows: h2 failed, h1 ok, each with its report"
        ended
        p.exitValue() == 2
        new File(runner, 'artifacts/job1/status').text.trim() == 'failed'
        out.toString('UTF-8').contains('Follow the run')     // AWX's display, as the job's output shows it
        outcomes == [h1: 'ok', h2: 'failed']
        events.find { it.event == 'runner_on_ok' && it.event_data?.task == 'Follow the run' }
                .event_data.res.result.fleets[0].containers*.ok == [true, true, true]
        nothingLeftRunning()
    }

    def "a compile error fails the script on every host: exit 2"() {
        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory().path, '--limit', 'h1,h2', script('fleet(').path])

        then:
        exit == 2
        out.contains('h1: script failed')
        out.contains('h2: script failed')
        !out.contains('h3')
    }

    def "a host nobody listens on is unreachable: its row says so, the others run, exit 69"() {
        given:
        File json = new File(work, 'unreachable.json')
        // no pipelining for it: a pipelined first command writes the module to ssh's stdin, and when ssh has
        // already exited (a refusal on loopback is instant) Ansible says only "Data could not be sent ... Broken pipe"
        def nobody = [ghost: [ansible_host: '127.0.1.99', lxc_path: '/var/lib/lxc', ansible_pipelining: false]] as Map<String, Map<String, Object>>

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory([:], nobody).path, '--limit', 'h1,ghost',
                                          '--report', json.path, script(JOB).path])
        def r = report(json)

        then:
        exit == 69
        r.hosts.ghost.outcome == 'unreachable'
        r.hosts.ghost.reason.contains('Connection refused')
        r.hosts.h1.outcome == 'ok'
        r.containers.keySet().every { it.startsWith('h1/') }
    }

    def "--serial 2 --max-fail-percent 0: a failing host in the first batch leaves the later hosts not run"() {
        given:
        File json = new File(work, 'serial.json')

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory([h1: [fail: true]]).path, '--serial', '2',
                                          '--max-fail-percent', '0', '--report', json.path, script(JOB).path])
        def r = report(json)

        then:
        exit == 1
        r.hosts.h1.outcome == 'failed'
        r.hosts.h2.outcome == 'ok'
        ['h3', 'h4', 'h5'].every { r.hosts[it].outcome == 'not run' }
        r.containers.keySet().every { it.startsWith('h1/') || it.startsWith('h2/') }
        nothingLeftRunning()
    }

    def "--host-timeout stops a sleeping body: a partial report, and nothing the run started is left running"() {
        given:
        File json = new File(work, 'timeout.json')

        when:
        def (exit, out, err) = lxcGroovy(['--inventory', hosts.inventory([h1: [sleep: 600]]).path, '--limit', 'h1',
                                          '--host-timeout', '5', '--report', json.path, script(JOB).path])
        def r = report(json)

        then:
        exit == 1
        r.hosts.h1.outcome == 'timed out'
        r.hosts.h1.reason.contains('deadline of 5 s')
        r.containers.size() == 3
        r.containers.values().every { !it.ok && it.steps*.kind.contains('shutdown') }
        nothingLeftRunning()
    }

    def "the namespace host's link goes down mid-run: its row says unreachable, and its run's report is fetched afterwards"() {
        given:
        File json = new File(work, 'link-down.json')
        File inventory = hosts.inventory([ns: [sleep: 15]], [:], true)
        Process p = new ProcessBuilder('/usr/bin/lxc-groovy', '--inventory', inventory.path, '--limit', 'h1,ns',
                '--report', json.path, script(JOB).path).redirectErrorStream(true).start()
        def reader = new BufferedReader(new InputStreamReader(p.inputStream, 'UTF-8'))

        when: 'the run on ns has started, its link goes down'
        String line
        while ((line = reader.readLine()) != null && !(line ==~ /ns: \d+ done, .*/)) {
        }
        SshHosts.namespaceLink(false)
        Thread.start { reader.eachLine {} }
        boolean ended = p.waitFor(3, TimeUnit.MINUTES)
        def r = report(json)

        then:
        ended
        p.exitValue() == 69
        r.hosts.h1.outcome == 'ok'
        r.hosts.ns.outcome == 'unreachable'
        r.hosts.ns.runId != null

        when: 'the link is back: the status module fetches the run, which went on by itself'
        SshHosts.namespaceLink(true)
        def fetch = new ProcessBuilder('ansible', '-i', inventory.path, 'ns', '-m', 'lxcgroovy.fleet.status', '-a',
                "run_id=${r.hosts.ns.runId} wait=60 runs=${hosts.runs(0)}".toString(), '-o').redirectErrorStream(true).start()
        String fetched = fetch.inputStream.getText('UTF-8')
        fetch.waitFor(3, TimeUnit.MINUTES)

        then:
        fetch.exitValue() == 0
        def status = new JsonSlurper().parseText(fetched.substring(fetched.indexOf('=> ') + 3))
        status.outcome == 'ok'
        status.result.fleets[0].containers*.ok == [true, true, true]
        nothingLeftRunning()

        cleanup:
        SshHosts.namespaceLink(true)
    }

    def "SIGINT after the first progress line cancels the run on every host and merges what they reported: exit 130"() {
        given:
        File json = new File(work, 'cancelled.json')
        // a process started with SIGINT ignored keeps ignoring it (the JVM too), and this JVM may have been
        // (a background job of a non-interactive shell): the command gets the default, as from a terminal
        Process p = new ProcessBuilder('env', '--default-signal=INT', '/usr/bin/lxc-groovy', '--inventory',
                hosts.inventory([h1: [sleep: 600], h2: [sleep: 600]]).path,
                '--limit', 'h1,h2', '--report', json.path, script(JOB).path).redirectErrorStream(true).start()
        def lines = new StringBuilder()
        def reader = new BufferedReader(new InputStreamReader(p.inputStream, 'UTF-8'))

        when: 'a progress line of a host comes ("h1: 0 done, 0 failed, 3 running; ...")'
        String line
        while ((line = reader.readLine()) != null && !(line ==~ /h[12]: \d+ done, .*/)) {
            lines << line << '\n'
        }
        lines << line << '\n'
        new ProcessBuilder('kill', '-INT', p.pid().toString()).start().waitFor()
        Thread.start { reader.eachLine { lines << it << '\n' } }
        boolean ended = p.waitFor(3, TimeUnit.MINUTES)
        if (!ended) {   // not an assert: Spock evaluates an assert's message also when it holds
            throw new AssertionError("lxc-groovy did not end within 3 min of SIGINT; it printed:\n$lines\n${whyNotEnded(p.pid())}")
        }
        def r = report(json)

        then:
        p.exitValue() == 130
        r.hosts.collectEntries { k, v -> [(k): "${v.outcome}: ${v.reason}"] } == [h1: 'cancelled: null', h2: 'cancelled: null']
        r.containers.size() == 6
        r.containers.findAll { k, c -> c.ok || !c.steps*.kind.contains('shutdown') }.collectEntries { k, c -> [(k): c.steps*.kind] } == [:]
        lines.contains('cancelling run')
        nothingLeftRunning()

        cleanup:
        p?.destroyForcibly()
    }
}
