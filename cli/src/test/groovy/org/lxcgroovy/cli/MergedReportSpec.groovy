package org.lxcgroovy.cli

import java.time.Duration
import java.time.Instant
import org.lxcgroovy.dsl.FleetResult
import org.lxcgroovy.dsl.FleetStep
import org.lxcgroovy.dsl.StepKind
import spock.lang.Specification

/**
 * The report of a run over many hosts, from the hosts' entries as the collection's callback keeps them (pure logic:
 * ManyHostsSpec shows the real thing through Ansible). Each host's result holds its fleet reports as
 * `lxc-groovy remote` writes them: made here with FleetResult's own toMap.
 */
class MergedReportSpec extends Specification {
    static final Instant T0 = Instant.parse('2026-12-02T10:00:00Z')

    static Map<String, Object> container(String name, boolean ok, double offset = 0.5) {
        FleetResult r = new FleetResult(name, System.nanoTime())
        r.ok = ok
        r.error = ok ? null : 'boom'
        r.duration = Duration.ofMillis(2500)
        r.offset = Duration.ofMillis(Math.round(offset * 1000))
        r.step(StepKind.START, 'start') { FleetStep s -> s.outcome = 'started' }
        r.toMap()
    }

    static Map<String, Object> host(String outcome, Instant fleetStart, List<Map<String, Object>> containers) {
        [outcome: outcome, reason: outcome == 'ok' ? null : "why ${outcome}",
         result : [runId: 'r1', exitStatus: 0, fleets: [[startedAt: fleetStart.toString(), containers: containers]]]]
    }

    def "the exit status is the worst any host had, in the documented order"() {
        expect:
        new MergedReport('r1', 'job.groovy', T0, outcomes.collectEntries { [(it): [outcome: it]] }).exitStatus() == status

        where:
        outcomes                                          || status
        ['ok', 'ok']                                      || 0
        ['ok', 'failed']                                  || 1
        ['ok', 'not run', 'timed out', 'cancelled']       || 1
        ['failed', 'locked']                              || 75
        ['locked', 'unreachable', 'failed']               || 69
        ['missing']                                       || 69
        ['refused']                                       || 69
        ['unreachable', 'script failed', 'locked']        || 2
        ['ok', 'lost']                                    || 1
    }

    def "containers are keyed host/container, a container of two fleet runs once more with #2"() {
        given:
        def hosts = [h2: host('ok', T0, [container('web-1', true)]),
                     h1: [outcome: 'ok', result: [fleets: [[containers: [container('web-1', true)]],
                                                           [containers: [container('web-1', false)]]]]]]

        when:
        def merged = new MergedReport('r1', 'job.groovy', T0, hosts)

        then:
        merged.containers().keySet() as List == ['h1/web-1', 'h1/web-1#2', 'h2/web-1']
        merged.containers()['h1/web-1#2'].ok == false
        merged.containers()['h2/web-1'].host == 'h2'
        merged.toMap().hosts.h1.outcome == 'ok'
    }

    def "the timeline puts every host's containers on one axis: each fleet run placed by when it began"() {
        given:
        def hosts = [h1: host('ok', T0.plusSeconds(2), [container('web-1', true, 0.5)]),
                     h2: host('failed', T0.plusSeconds(7), [container('web-1', false, 1.0)])]

        when:
        def report = new MergedReport('r1', 'job.groovy', T0, hosts).timeline()

        then:
        report.results*.container == ['h1/web-1', 'h2/web-1']
        report.results*.offset == [Duration.ofMillis(2500), Duration.ofMillis(8000)]
        report.results*.ok == [true, false]
        report.results[1].error == 'boom'
        report.results[1].steps*.kind == [StepKind.START]
        report.results[1].steps[0].offset >= Duration.ofSeconds(7)
    }

    def "a result read back from its map is the same result"() {
        given:
        Map<String, Object> written = container('web-1', false)

        expect:
        FleetResult.fromMap(written, 'web-1', Duration.ZERO).toMap() == written
    }

    def "the summary lists each container, then each host that did not end ok, then the totals"() {
        given:
        def hosts = [h1: host('ok', T0, [container('web-1', true)]), h2: [outcome: 'unreachable', reason: 'ssh: refused\nagain']]

        when:
        List<String> lines = new MergedReport('r1', 'job.groovy', T0, hosts).summary()

        then:
        lines[0].startsWith('host/container')
        lines[1].startsWith('h1/web-1') && lines[1].contains(' ok ')
        lines[2] == 'h2: unreachable: ssh: refused again'
        lines[3] ==~ /2 hosts, 1 container in [0-9.]+ s: 1 ok, 1 unreachable/
    }
}
