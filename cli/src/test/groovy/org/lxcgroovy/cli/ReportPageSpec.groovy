package org.lxcgroovy.cli

import org.lxcgroovy.cli.support.Chromium
import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.Container
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * `--report run.html` as a person sees it: the page of a real fleet run (one container fails) opened in Debian's
 * chromium, headless. The screenshot stays in target/ as a build artifact.
 */
@LiblxcHost
class ReportPageSpec extends Specification {
    static final File SCREENSHOT = new File('target/report-page.png')
    @Shared List<Container> made = []
    @Shared File page
    @Shared ProcessOutput run
    @TempDir @Shared File dir

    def setupSpec() {
        made = ['page-1', 'page-2'].collect { LxcHost.busybox(it) }
        page = new File(dir, 'run.html')
        def script = new File(dir, 'page.groovy')
        script.text = """\
            fleet(containers('${LxcHost.PREFIX}page-*'), timeout: 60) {
                ensureRunning()
                waitForIp(timeout: 30)
                sh 'echo hello from \$(hostname)'
                if (name.endsWith('2')) {
                    sh 'echo broken >&2; exit 3'
                }
            }
            """.stripIndent()
        run = Command.run(['--report', page.path, script.path])
    }

    def cleanupSpec() {
        made.each { LxcHost.dispose(it) }
    }

    /** The page's DOM after chromium loaded it (and ran its script), at {@code fragment}. */
    String dom(String fragment = '') {
        Chromium.dom(page, fragment)
    }

    def "the page shows one row per container on the time axis, the failed one marked with its reason"() {
        when:
        String shown = dom()
        def rows = (shown =~ /<div class="row (ok|failed|timeout)[^"]*"><div class="name"><a href="#[^"]+">([^<]+)<\/a><span class="state">([^<]+)<\/span>(?:<span class="reason">([^<]+)<\/span>)?/)
                .collect { [state: it[1], name: it[2], shown: it[3], reason: it[4]] }

        then:
        run.exitCode == 1
        rows*.name == ["${LxcHost.PREFIX}page-1", "${LxcHost.PREFIX}page-2"]*.toString()
        rows*.state == ['ok', 'failed']
        rows*.shown == ['OK', 'FAILED']
        rows[1].reason.contains('exited with 3: broken')
        rows[0].reason == null
    }

    def "each container's steps are bars: start, boot, the wait for its address, its commands, the shutdown"() {
        when:
        String shown = dom()
        def bars = (shown =~ /<a class="bar k-(\w+) l(\d)( bad)?" href="#run1-c(\d)-s\d+"/).collect { [kind: it[1], bad: it[3] != null, container: it[4]] }

        then:
        ['0', '1'].every { c -> bars.findAll { it.container == c }*.kind.containsAll(['start', 'boot', 'ip', 'command', 'shutdown']) }
        bars.findAll { it.bad }*.container == ['1']
    }

    def "a click on a step (its link) opens its command and output below"() {
        given: 'the first container\'s echo, a step that went well and so is closed at first'
        String plain = dom()
        String id = (plain =~ /<tr id="(run1-c0-s\d+)" class="step l0"><td><\/td><td>[\d.]+<\/td><td>[\d.]+<\/td><td><span class="swatch k-command"><\/span>\$ \/bin\/sh -c echo hello/)[0][1]

        when:
        String opened = dom("#$id")
        def row = { String d -> (d =~ /(?s)<tr id="$id".*?<\/tr>/)[0] }

        then:
        !row(plain).contains('<details open')
        row(opened).contains('<details open')
        row(opened).contains("hello from ${LxcHost.PREFIX}page-1")
    }

    def "a screenshot is kept as a build artifact"() {
        when:
        SCREENSHOT.delete()
        Chromium.run(['--window-size=1280,900', "--screenshot=${SCREENSHOT.absolutePath}".toString(), "file://${page.path}".toString()])

        then:
        SCREENSHOT.length() > 10_000
        new String(SCREENSHOT.bytes[1..3] as byte[], 'US-ASCII') == 'PNG'
    }
}
