package org.lxcgroovy.dsl

import groovy.json.JsonSlurper
import java.time.Duration
import spock.lang.Specification
import spock.lang.Tag

/** What a fleet run shows and writes, from results alone: the summary, the JSON report, the progress lines. */
@Tag('unit')
class ReportSpec extends Specification {
    static FleetResult result(String name, boolean ok, long millis, String error = null, boolean timedOut = false) {
        def r = new FleetResult(name)
        r.ok = ok
        r.duration = Duration.ofMillis(millis)
        r.error = error
        r.timedOut = timedOut
        r
    }

    FleetReport report = new FleetReport([result('web-1', true, 1500), result('web-2', false, 250, "sh of container 'web-2' failed: exit 3"),
                                          result('db-1', false, 30000, 'timeout of 30 s reached', true)], Duration.ofMillis(30100))

    def "the summary is a table of container, result, seconds and detail, ending with the totals"() {
        expect:
        report.summary().readLines() == [
                'container            result  seconds  detail',
                'web-1                ok         1.50  ',
                "web-2                FAILED     0.25  sh of container 'web-2' failed: exit 3",
                'db-1                 TIMEOUT   30.00  timeout of 30 s reached',
                '3 containers in 30.10 s, 2 failed']
        !report.ok
        report.failed*.container == ['web-2', 'db-1']
        report['web-2'].error.endsWith('exit 3')
        report['nobody'] == null
    }

    def "what changed is in the summary and the JSON: packages, a rollback beside the error, a degraded boot"() {
        given:
        def upgraded = result('web-1', true, 12000)
        upgraded.packagesChanged([[name: 'apt', from: '2.6.1', to: '2.6.2'], [name: 'tzdata', from: '2026b', to: '2026f']])
        upgraded.packagesChanged([[name: 'sl', from: null, to: '5.02']])
        upgraded.snapshot = 'snap4'
        upgraded.booted = 'degraded'
        def rolledBack = result('web-2', false, 9000, 'IllegalStateException: health check failed')
        rolledBack.packagesChanged([[name: 'sl', from: null, to: '5.02']])
        rolledBack.snapshot = 'snap7'
        rolledBack.rolledBack = 'snap7'
        def unchanged = result('web-3', true, 3000)
        unchanged.booted = 'running'
        def r = new FleetReport([upgraded, rolledBack, unchanged], Duration.ofMillis(12100))
        def json = new JsonSlurper().parseText(r.toJson())

        expect:
        r.summary().readLines()[1..3] == [
                'web-1                ok        12.00  2 upgraded, 1 installed; booted degraded',
                'web-2                FAILED     9.00  IllegalStateException: health check failed; rolled back to snap7',
                'web-3                ok         3.00  ']
        json.containers*.changed == [true, false, false]
        json.containers[0].packages == [[name: 'apt', from: '2.6.1', to: '2.6.2'], [name: 'tzdata', from: '2026b', to: '2026f'],
                                        [name: 'sl', from: null, to: '5.02']]
        json.containers*.snapshot == ['snap4', 'snap7', null]
        json.containers*.rolledBack == [null, 'snap7', null]
        json.containers*.booted == ['degraded', null, 'running']
        new FleetReport([unchanged], Duration.ofMillis(3000)).summary().readLines().last() == '1 container in 3.00 s, 0 failed'
    }

    def "the JSON report carries each container's outcome"() {
        when:
        def json = new JsonSlurper().parseText(report.toJson())

        then:
        json.ok == false
        json.seconds == 30.1
        json.failed == ['web-2', 'db-1']
        json.containers*.container == ['web-1', 'web-2', 'db-1']
        json.containers*.ok == [true, false, false]
        json.containers[2].timedOut == true
        json.containers[0].seconds == 1.5
    }

    def "plain progress stamps each finished container with the time of day, and quiet leaves only the body's lines"() {
        given:
        List<String> lines = []
        List<String> quietLines = []
        def plain = FleetProgress.plain({ String l -> lines << l }, false)
        def quiet = FleetProgress.plain({ String l -> quietLines << l }, true)

        when:
        [plain, quiet].each { p ->
            p.line('[web-1] hello')
            p.finished(report['web-1'])
            p.finished(report['web-2'])
        }

        then:
        lines[0] == '[web-1] hello'
        lines[1] ==~ /\d\d:\d\d:\d\d web-1 ok \(1\.50 s\)/
        lines[2] ==~ /\d\d:\d\d:\d\d web-2 FAILED \(0\.25 s\): sh of container 'web-2' failed: exit 3/
        quietLines == ['[web-1] hello']
    }

    def "live progress redraws one line per container in place, the body's lines above it"() {
        given:
        def bytes = new ByteArrayOutputStream()
        def live = FleetProgress.live(new PrintStream(bytes, true, 'UTF-8'), ['web-1', 'web-2'])

        when:
        live.started(report['web-1'])
        live.noted(report['web-1'], 'waitForIp')
        live.line('[web-1] hello')
        live.finished(report['web-1'])
        live.finished(report['web-2'])
        live.close()
        String screen = bytes.toString('UTF-8')
        String lastFrame = screen.substring(screen.lastIndexOf('\u001b[J') + 3)

        then:
        screen =~ /running +\d+\.\d\d s  waitForIp/
        screen.contains('[web-1] hello\n')
        lastFrame.readLines() == ['web-1  ok        1.50 s  ', "web-2  FAILED    0.25 s  sh of container 'web-2' failed: exit 3"]
    }

    def "recording a step on a result is what the live progress shows: the step's word while it lasts, the body's line above"() {
        given:
        def bytes = new ByteArrayOutputStream()
        def live = FleetProgress.live(new PrintStream(bytes, true, 'UTF-8'), ['web-1'])
        def r = new FleetResult('web-1')
        r.listen(live)
        String duringBoot = null
        String duringCommand = null

        when: 'only the result is told'
        r.begin()
        r.step(StepKind.BOOT, 'boot') { duringBoot = bytes.toString('UTF-8') }
        r.step(StepKind.COMMAND, '$ apt-get update') { duringCommand = bytes.toString('UTF-8') }
        r.print('hello')
        r.ok = true
        r.end(Duration.ofMillis(1500))
        live.close()

        then:
        duringBoot =~ /web-1 +running +\d+\.\d\d s  booting/
        duringCommand =~ /web-1 +running +\d+\.\d\d s  \$ apt-get update/
        bytes.toString('UTF-8').contains('[web-1] hello\n')
        r.output == ['hello']
        r.steps*.kind == [StepKind.BOOT, StepKind.COMMAND]
    }

    def "container patterns, as the shell's: * is any run, ? one character, [set] and [!set] one of, the rest literal"() {
        expect:
        LxcScript.glob(pattern).matcher(name).matches() == matches

        where:
        pattern    | name        | matches
        'web-*'    | 'web-1'     | true
        'web-*'    | 'db-1'      | false
        'web-?'    | 'web-12'    | false
        'web-?'    | 'web-1'     | true
        'a.b*'     | 'aXb'       | false
        'a.b*'     | 'a.b-2'     | true
        '*'        | 'anything'  | true
        'web-[0-9]*' | 'web-12'  | true
        'web-[0-9]*' | 'web-base' | false
        'web-[!b]*'  | 'web-base' | false
        'web-[!b]*'  | 'web-1'   | true
        'web-[ab]'   | 'web-a'   | true
        'web-[^]'    | 'web-^'   | true
        'web-['      | 'web-['   | true
        'web-[]'     | 'web-[]'  | true
    }

    def "fleet options are checked before anything runs: #options"() {
        when:
        new Fleet(options, { String l -> })

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        options           | message
        [paralel: 2]      | "unknown fleet option 'paralel'; known: check, keepSnapshots, parallel, quiet, shutdownTimeout, snapshot, timeout"
        [parallel: 0]     | 'parallel must be at least 1, not 0'
        [timeout: 0]      | 'timeout must be a positive number of seconds, not 0'
        [snapshot: 'yes'] | "snapshot must be true, false or 'restart', not yes"
        [keepSnapshots: 2] | "keepSnapshots needs snapshot: true (or snapshot: 'restart')"
        [snapshot: true, keepSnapshots: 0] | 'keepSnapshots must be at least 1 (the snapshot just taken), not 0'
    }

    static class StartFails {
        static final int VALUE = fail()

        static int fail() {
            throw new IllegalStateException('the stub could not be mapped')
        }
    }

    def "an error line of a class whose start failed earlier says why it failed then"() {
        when: 'the class is used twice: the first use fails in its start, the second only says so'
        try {
            StartFails.VALUE
        } catch (ExceptionInInitializerError ignored) {
        }
        StartFails.VALUE

        then:
        NoClassDefFoundError e = thrown()
        Fleet.oneLine(e).startsWith('NoClassDefFoundError: Could not initialize class org.lxcgroovy.dsl.ReportSpec$StartFails (')
        Fleet.oneLine(e).contains('IllegalStateException: the stub could not be mapped')
    }
}
