package org.lxcgroovy.cli

import groovy.json.JsonSlurper
import java.security.MessageDigest
import java.util.concurrent.TimeUnit
import org.lxcgroovy.cli.support.Command
import spock.lang.Specification
import spock.lang.TempDir
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * {@code lxc-groovy remote}, the host mode the lxcgroovy.fleet collection runs on each host: the real command with
 * a script on stdin, its run state in a directory of the spec's own. Runs over containers of many hosts are
 * ManyHostsSpec's (the package's specs, through Ansible).
 */
class RemoteSpec extends Specification {
    @TempDir File runs

    /** Starts {@code lxc-groovy remote --protocol 1 --runs RUNS ...} with {@code script} on stdin. */
    Process start(String script, List<String> args) {
        Process p = Command.start([Command.BIN.path, 'remote', '--runs', runs.path] + args)
        p.outputStream.withWriter('UTF-8') { it << script }
        p
    }

    /** [exit status, stdout, stderr] of a run that ends by itself. */
    List<Object> remote(String script, List<String> args) {
        def run = ProcessOutput.of(start(script, args), 120, "remote ${args}")
        [run.exitCode, run.stdout, run.stderr]
    }

    Map<String, Object> json(File file) {
        (Map<String, Object>) new JsonSlurper().parse(file)
    }

    def "another protocol version is refused with exit 64, naming both versions; nothing is kept"() {
        when:
        def (exit, out, err) = remote('println 1', ['--protocol', '2', '--run-id', 'r1'])

        then:
        exit == 64
        out == ''
        err.contains('the caller speaks protocol 2, this lxc-groovy')
        err.contains('speaks protocol 1')
        runs.list() == [] as String[]
    }

    def "the script comes on stdin and the result leaves on stdout as one JSON document; the state is kept"() {
        given:
        String script = 'println "on ${host} with ${hostVars} and ${args as List}"'

        when:
        def (exit, out, err) = remote(script, ['--protocol', '1', '--run-id', 'r1', '--host', 'web-1', '--name', 'job.groovy',
                                              '--vars', '{"site":"paris","racks":[1,2]}', '--', 'a b', 'c'])
        def result = new JsonSlurper().parseText(out)
        File dir = new File(runs, 'r1')

        then:
        exit == 0
        out.readLines().size() == 1
        result.outcome == 'ok' && result.exitStatus == 0 && result.host == 'web-1' && result.script == 'job.groovy'
        result.output == ['on web-1 with [site:paris, racks:[1, 2]] and [a b, c]']
        result.scriptSha256 == MessageDigest.getInstance('SHA-256').digest(script.getBytes('UTF-8')).encodeHex().toString()
        json(new File(dir, 'state.json')).scriptSha256 == result.scriptSha256
        json(new File(dir, 'result.json')) == result
        new File(dir, 'script.groovy').text == script
        dir.list() as Set == ['state.json', 'script.groovy', 'output.log', 'result.json'] as Set
    }

    def "hostVars cannot be changed by the script, and read from many threads at once stays whole"() {
        when:
        def (exit, out, err) = remote('''
            def threads = (1..8).collect { Thread.start { 1000.times { assert hostVars.site == 'paris' } } }
            threads*.join()
            hostVars.put('site', 'lyon')''', ['--protocol', '1', '--run-id', 'r1', '--vars', '{"site":"paris"}'])
        def result = new JsonSlurper().parseText(out)

        then:
        exit == 2
        result.outcome == 'script failed'
        result.output.any { it.contains('UnsupportedOperationException') }
        !result.output.any { it.contains('AssertionError') || it.contains('NullPointerException') }
    }

    def "a run id is used once; one that is no plain name is refused"() {
        when:
        def first = remote('println 1', ['--protocol', '1', '--run-id', 'r1'])
        def again = remote('println 2', ['--protocol', '1', '--run-id', 'r1'])
        def bad = remote('println 3', ['--protocol', '1', '--run-id', '../x'])

        then:
        first[0] == 0
        again[0] == 64
        again[2].contains('run r1 ran already on this host')
        bad[0] == 64
        bad[2].contains("run id '../x' is not a name")
    }

    def "the deadline stops the run and says so: outcome timed out, exit 1"() {
        when:
        def (exit, out, err) = remote('println "going to sleep"; Thread.sleep(600_000)',
                ['--protocol', '1', '--run-id', 'r1', '--deadline', '2'])
        def result = new JsonSlurper().parseText(out)

        then:
        exit == 1
        result.outcome == 'timed out'
        result.reason == 'timed out: the deadline of 2 s was reached'
        result.output == ['going to sleep']
        json(new File(runs, 'r1/result.json')).outcome == 'timed out'
    }

    def "SIGTERM (the collection's cancel) stops the run: outcome cancelled, the result written"() {
        given:
        Process p = start('println "working"; Thread.sleep(600_000)', ['--protocol', '1', '--run-id', 'r1'])
        File state = new File(runs, 'r1/state.json')
        File output = new File(runs, 'r1/output.log')

        when: 'the script has printed its line'
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (!(output.exists() && output.text.contains('working')) && System.nanoTime() < giveUp) {
            Thread.sleep(50)
        }
        new ProcessBuilder('kill', '-TERM', json(state).pid.toString()).start().waitFor()
        boolean ended = p.waitFor(60, TimeUnit.SECONDS)
        def result = new JsonSlurper().parseText(p.inputStream.text)

        then:
        ended
        p.exitValue() == 143
        result.outcome == 'cancelled'
        result.reason == 'cancelled: the run was told to stop (SIGTERM)'
        json(new File(runs, 'r1/result.json')) == result
    }
}
