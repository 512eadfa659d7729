package org.lxcgroovy.dsl

import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/** What a killed run's journal says it left: the replay of its lines (pure), and telling dead runs from live ones. */
@Tag('unit')
class RunJournalSpec extends Specification {
    @TempDir Path dir

    static Map line(String e, String c, Map extra = [:]) {
        [e: e, c: c, p: '/var/lib/lxc', at: '2026-12-03T02:00:00Z'] + extra
    }

    static List<String> left(List<Map> lines, boolean sameBoot = true) {
        RunJournal.replay(lines, sameBoot).collect { "${it.name} ${it.kind}".toString() }
    }

    def "each step is left until the line that undoes it"() {
        expect:
        left(lines) == expected

        where:
        lines                                                                              || expected
        [line('start', 'a')]                                                               || ['a STARTED']
        [line('start', 'a'), line('started', 'a', [init: 7, initStart: 9])]                || ['a STARTED']
        [line('start', 'a'), line('started', 'a'), line('stopped', 'a')]                   || []
        [line('thaw', 'a'), line('refrozen', 'a')]                                         || []
        [line('thaw', 'a')]                                                                || ['a THAWED']
        [line('freeze', 'a')]                                                              || ['a FROZEN']
        [line('freeze', 'a'), line('unfrozen', 'a')]                                       || []
        [line('guard', 'a', [snapshot: 'snap0'])]                                          || []
        [line('guard', 'a', [snapshot: 'snap0']), line('body', 'a')]                       || ['a MID_BODY']
        [line('guard', 'a', [snapshot: 'snap0']), line('body', 'a'), line('body-ended', 'a')] || []
        [line('start', 'a'), line('start', 'b'), line('stopped', 'a')]                     || ['b STARTED']
    }

    def "a resolution takes away one kind of one container; after a reboot only half-done guarded bodies are left"() {
        given:
        def lines = [line('start', 'a'), line('guard', 'a', [snapshot: 'snap2', foundRunning: true]), line('body', 'a'),
                     line('freeze', 'b')]

        expect:
        left(lines + [line('resolved', 'a', [k: 'STARTED'])]) == ['a MID_BODY', 'b FROZEN']
        left(lines, false) == ['a MID_BODY']
        RunJournal.replay(lines, true).find { it.kind == RunJournal.Kind.MID_BODY }.with { [snapshot, foundRunning] } == ['snap2', true]
    }

    def "a journal whose process is gone is a dead run; a line cut short by a crash is skipped; a live run's is not read"() {
        given:
        Path dead = dir.resolve('1-1-1.jsonl')
        Files.writeString(dead, JsonOutput.toJson([e: 'run', pid: Integer.MAX_VALUE, start: 1, boot: ProcessIdentity.bootId(),
                                       script: '/x.groovy', sha256: 'ab' * 32, at: '2026-12-03T02:00:00Z']) + '\n' +
                JsonOutput.toJson(line('start', 'a')) + '\n' + '{"e":"start","c":"b","p":"/va')
        def live = RunJournal.open(dir, '/y.groovy', 'cd' * 32)

        when:
        List<RunJournal.DeadRun> runs = RunJournal.deadRuns(dir)

        then:
        runs*.file == [dead]
        runs[0].leftovers*.name == ['a']
        runs[0].describe() == "run ${Integer.MAX_VALUE} of /x.groovy (sha256 abababababab, started 2026-12-03T02:00:00Z)"

        when: 'the run ends'
        live.close()

        then:
        !Files.exists(live.file)
    }
}
