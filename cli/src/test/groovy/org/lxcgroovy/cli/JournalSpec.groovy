package org.lxcgroovy.cli

import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit
import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The command as a systemd service runs it, its stdout the journal's stream: Debian's systemd-journald, started in
 * a mount namespace of the spec's own (its sockets and journal on tmpfs there; the host's /run is not touched),
 * systemd-cat for the stream and JOURNAL_STREAM as systemd sets it, journalctl to read the entries back.
 */
@LiblxcHost
class JournalSpec extends Specification {
    static final String NAME = LxcHost.PREFIX + 'journal'
    static final String GHOST = LxcHost.PREFIX + 'journal-ghost'

    /** Runs $1 (a command line) with its stdout the journal's stream, then prints the entries as JSON lines. */
    static final String IN_PRIVATE_JOURNAL = '''set -e
        mount -t tmpfs tmpfs /run/systemd; mkdir -p /run/log; mount -t tmpfs tmpfs /run/log; mkdir -p /run/systemd/journal
        /lib/systemd/systemd-journald >/dev/null 2>&1 & journald=$!
        trap 'kill $journald' EXIT
        n=0; while [ ! -S /run/systemd/journal/stdout ]; do n=$((n+1)); [ $n -lt 100 ] || exit 3; sleep 0.1; done
        systemd-cat -t lxcg-unit sh -c "$1" || true
        journalctl --sync
        journalctl -o json --no-pager'''

    @Shared Container c
    @TempDir File dir

    def setupSpec() {
        c = LxcHost.busybox('journal')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    /** The journal's entries after {@code command} ran as a service's main process: the fields that matter here. */
    static List<Map<String, String>> journal(String command) {
        Process p = new ProcessBuilder('unshare', '-m', '--propagation', 'private', 'sh', '-c', IN_PRIVATE_JOURNAL, 'sh', command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start()
        String out = p.inputStream.getText('UTF-8')
        assert p.waitFor(2, TimeUnit.MINUTES): 'the private journal did not end'
        assert p.exitValue() == 0: "the private journal failed (${p.exitValue()})"
        List<String> fields = ['PRIORITY', 'SYSLOG_IDENTIFIER', 'LXC_GROOVY_SCRIPT', 'LXC_GROOVY_CONTAINER', 'MESSAGE']
        out.readLines().collect { (new JsonSlurper().parseText(it) as Map<String, String>).subMap(fields) }
    }

    def "with stdout the journal's stream, each line is an entry: failures as errors, the script and the container as fields"() {
        given:
        File script = new File(dir, 'nightly.groovy')
        script.text = """
            println 'starting'
            fleet(['${NAME}', '${GHOST}']) {
                ensureRunning()
                println "hello from \${name}"
            }
            """

        when:
        def entries = journal('export JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/1); exec ' + Command.BIN.path + ' ' + script.path)
        def ours = entries.findAll { it.SYSLOG_IDENTIFIER == 'lxc-groovy' }
        def errors = ours.findAll { it.PRIORITY == '3' }

        then: 'what failed is what journalctl -t lxc-groovy -p err lists, about its container'
        errors*.LXC_GROOVY_CONTAINER == [GHOST]
        errors[0].MESSAGE.startsWith("${GHOST} FAILED (")
        errors[0].MESSAGE.contains('is not defined')

        and: "the body's lines and the container's end are info about it; the script's own lines and the summary have no container"
        ours.find { it.MESSAGE == "hello from ${NAME}".toString() }.subMap('PRIORITY', 'LXC_GROOVY_CONTAINER') == [PRIORITY: '6', LXC_GROOVY_CONTAINER: NAME]
        ours.find { it.MESSAGE ==~ /${NAME} ok \(\d+\.\d\d s\)/ }.subMap('PRIORITY', 'LXC_GROOVY_CONTAINER') == [PRIORITY: '6', LXC_GROOVY_CONTAINER: NAME]
        ours.find { it.MESSAGE == 'starting' }.subMap('PRIORITY', 'LXC_GROOVY_CONTAINER') == [PRIORITY: '6']
        ours.find { it.MESSAGE.startsWith('2 containers in ') }.PRIORITY == '6'
        ours.find { it.MESSAGE == 'shut down' }.subMap('PRIORITY', 'LXC_GROOVY_CONTAINER') == [PRIORITY: '7', LXC_GROOVY_CONTAINER: NAME]
        ours.every { it.LXC_GROOVY_SCRIPT == 'nightly.groovy' }

        and: 'nothing of it came through the stream as plain lines'
        entries.findAll { it.SYSLOG_IDENTIFIER == 'lxcg-unit' } == []
    }

    def "a JOURNAL_STREAM that is not stdout (inherited into a pipe) leaves the lines plain"() {
        when:
        def entries = journal("JOURNAL_STREAM=1:1 ${Command.BIN.path} -e 'println \"plain\"'")

        then:
        entries.findAll { it.SYSLOG_IDENTIFIER == 'lxc-groovy' } == []
        entries.find { it.SYSLOG_IDENTIFIER == 'lxcg-unit' }.MESSAGE == 'plain'
    }
}
