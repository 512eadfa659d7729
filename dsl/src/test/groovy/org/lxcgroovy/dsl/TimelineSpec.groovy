package org.lxcgroovy.dsl

import groovy.json.JsonSlurper
import java.time.Duration
import java.time.Instant
import org.lxcgroovy.engine.ExecResult
import spock.lang.Specification
import spock.lang.Tag

/** The report as a timeline, from results alone: steps with offsets and durations, in JSON, the summary and the page. */
@Tag('unit')
class TimelineSpec extends Specification {
    static ExecResult exec(int exit, String out, String err = '') {
        new ExecResult(exit, 0, out, err, Duration.ofMillis(5), false)
    }

    /** A container's part with steps of known durations (milliseconds), as a fleet member records them. */
    static FleetResult withSteps(String name, long runStart, Map<String, Long> stepsMillis) {
        def r = new FleetResult(name, runStart)
        stepsMillis.each { kind, millis -> r.step(StepKind.valueOf(kind.toUpperCase()), kind) { } }
        r.steps.eachWithIndex { FleetStep s, int i -> s.duration = Duration.ofMillis(stepsMillis.values()[i]) }
        r.ok = true
        r
    }

    def "steps are recorded in order with their offsets, nesting and errors"() {
        given:
        long runStart = System.nanoTime()
        def r = new FleetResult('web-1', runStart)

        when:
        r.step(StepKind.START, 'start') { Thread.sleep(5) }
        r.step(StepKind.APT, 'apt.update') { FleetStep apt ->
            r.step(StepKind.COMMAND, '$ apt-get update') { FleetStep c -> c.command(['apt-get', 'update'], exec(0, 'Hit:1 bookworm\nReading package lists...')) }
        }
        r.step(StepKind.IP, 'wait for an IPv4 address') { throw new IllegalStateException('no address') }

        then:
        def e = thrown(IllegalStateException)
        e.message == 'no address'
        r.steps*.kind == [StepKind.START, StepKind.APT, StepKind.COMMAND, StepKind.IP]
        r.steps*.level == [0, 0, 1, 0]
        r.steps*.ok == [true, true, true, false]
        r.steps[3].error == 'IllegalStateException: no address'
        r.steps[0].duration >= Duration.ofMillis(5)
        r.steps*.offset == r.steps*.offset.sort(false)
        r.steps[1].offset + r.steps[1].duration >= r.steps[2].offset + r.steps[2].duration   // the command is inside apt
        r.currentStep == null
    }

    def "a command step keeps argv, exit status or signal, and the last lines of its output"() {
        given:
        def ok = new FleetStep(StepKind.COMMAND, '$ seq 1 30', Duration.ZERO, 0)
        def killed = new FleetStep(StepKind.COMMAND, '$ sleep 60', Duration.ZERO, 0)

        when:
        ok.command(['seq', '1', '30'], exec(0, (1..30).join('\n') + '\n', 'warning\n'))
        killed.command(['sleep', '60'], new ExecResult(-1, 9, '', '', Duration.ofSeconds(1), true))

        then:
        ok.ok
        ok.toMap().subMap(['kind', 'command', 'exitCode', 'output']) ==
                [kind: 'command', command: ['seq', '1', '30'], exitCode: 0, output: (22..30)*.toString() + ['warning']]
        !killed.ok
        killed.toMap().signal == 9
        !killed.toMap().containsKey('exitCode')
        killed.toMap().timedOut == true
    }

    def "the JSON report has each container's steps and offset, and the run's options and start"() {
        given:
        long runStart = System.nanoTime()
        def r = withSteps('web-1', runStart, [start: 20L, boot: 3000L, shutdown: 1500L])
        r.steps[1].booted = 'running'
        def report = new FleetReport([r], Duration.ofSeconds(5), [timeout: 600, snapshot: true], Instant.parse('2026-12-02T04:00:00Z'))

        when:
        def json = new JsonSlurper().parseText(report.toJson())

        then:
        json.options == [timeout: 600, snapshot: true]
        json.startedAt == '2026-12-02T04:00:00Z'
        json.containers[0].steps*.kind == ['start', 'boot', 'shutdown']
        json.containers[0].steps*.seconds == [0.02, 3.0, 1.5]
        json.containers[0].steps[1].booted == 'running'
        json.containers[0].steps.every { it.offset >= 0 && it.ok == true && it.level == 0 }
        json.containers[0].offset == 0
    }

    def "the summary ends with where the time went: kinds by their total over all containers, and the slowest step"() {
        given:
        long runStart = System.nanoTime()
        def report = new FleetReport([withSteps('web-1', runStart, [start: 100L, boot: 9000L, apt: 20000L]),
                                      withSteps('web-2', runStart, [start: 200L, boot: 11000L, apt: 30000L])],
                Duration.ofSeconds(42))

        expect:
        report.summary().readLines().last() ==
                'time by step: apt 50.0 s, boot 20.0 s, start 0.3 s; slowest: apt 30.0 s on web-2'
        new FleetReport([ReportSpec.result('web-3', true, 10)], Duration.ofMillis(10)).summary().readLines().last() ==
                '1 container in 0.01 s, 0 failed'
    }

    def "containers that waited 5 s or more for an address get one line pointing at the doctor"() {
        given:
        long runStart = System.nanoTime()
        def slow = [withSteps('web-1', runStart, [ip: 4999L]), withSteps('web-2', runStart, [ip: 5000L]),
                    withSteps('web-3', runStart, [ip: 19500L])]

        expect:
        new FleetReport(slow, Duration.ofSeconds(20)).summary().readLines().last() ==
                "2 containers waited 5 s or more for an address (the slowest 19.5 s); dnsmasq's ping check alone costs " +
                "~3 s a container. `lxc-groovy doctor` checks the bridge's DHCP"
        new FleetReport(slow.take(1), Duration.ofSeconds(5)).slowDhcp() == null
    }

    def "containers that waited their turn in a bridge's DHCP queue beyond their timeout: the line says so"() {
        given:
        long runStart = System.nanoTime()
        def slow = [withSteps('web-1', runStart, [ip: 20000L]), withSteps('web-2', runStart, [ip: 72000L]),
                    withSteps('web-3', runStart, [ip: 41000L])]
        slow[1].steps[0].outcome = 'after 42 s more in the DHCP queue of lxcbr0'
        slow[2].steps[0].outcome = 'after 11 s more in the DHCP queue of lxcbr0'

        expect:
        new FleetReport(slow, Duration.ofSeconds(75)).slowDhcp() ==
                "3 containers waited 5 s or more for an address (the slowest 72.0 s); 2 of them waited their turn in the " +
                "DHCP queue of lxcbr0 beyond their timeout: its dnsmasq answers one new client per ~3 s while it pings " +
                "each address first. `lxc-groovy doctor` checks the bridge's DHCP"
    }

    def "the page puts every container on one axis with each bar leading to its step's output, self-contained"() {
        given:
        long runStart = System.nanoTime()
        def good = withSteps('web-1', runStart, [start: 50L, command: 400L])
        good.steps[1].command(['apt-get', 'update'], exec(0, 'Reading package lists... Done'))
        def bad = new FleetResult('web-<2>', runStart)
        try {
            bad.step(StepKind.COMMAND, '$ sh -c exit 3') { FleetStep s ->
                s.command(['sh', '-c', 'echo "<oops>" >&2; exit 3'], exec(3, '', '<oops>\n'))
                throw new IllegalStateException('sh failed: exit 3')
            }
        } catch (IllegalStateException expected) {
        }
        bad.error = "sh of container 'web-<2>' failed: `exit 3` exited with 3: <oops>"
        bad.rolledBack = 'snap3'
        def report = new FleetReport([good, bad], Duration.ofSeconds(2), [parallel: 2], Instant.now())

        when:
        String page = FleetReportPage.render([report], 'lxc-groovy fleet.groovy')
        List<String> rows = (page =~ /<div class="row (ok|failed|timeout)[^"]*">/).collect { it[1] }
        List<String> links = (page =~ /<a class="bar [^"]*" href="#([^"]+)"/).collect { it[1] }

        then:
        page.startsWith('<!DOCTYPE html>')
        rows == ['ok', 'failed']
        page.contains('<span class="state">FAILED, rolled back to snap3</span>')
        page.contains('<span class="reason">sh of container &#39;web-&lt;2&gt;&#39; failed'.replace('&#39;', "'"))
        links.size() == 3
        links.every { page.contains("<tr id=\"$it\"") }
        page =~ /title="command&#10;0\.40 s at 0\.\d\d s: exit 0&#10;Reading package lists\.\.\. Done"/
        page.contains('<pre>$ sh -c echo &quot;&lt;oops&gt;&quot; &gt;&amp;2; exit 3&#10;&lt;oops&gt;</pre>')
        page.contains('<span class="count failed">1 failed</span>')
        page.contains('options: parallel: 2')
        !(page =~ /(?i)(src|href)="(https?:)?\/\//)
        !page.contains('<link')
    }
}
