package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.time.Duration
import java.time.Instant
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.FleetResult

/**
 * The report of one run over many hosts, from what the collection's callback kept of each host: each host's
 * outcome, and each container's timeline keyed {@code host/container}, as a local run reports it. The exit status
 * is the worst any host had.
 */
@CompileStatic
class MergedReport {
    /** A host's outcomes that make the run's exit status, worst first; any other outcome but ok counts as failed. */
    private static final Map<String, Integer> STATUS_OF = [
            'script failed': LxcGroovy.SCRIPT_FAILED,
            'unreachable'  : ManyHosts.UNAVAILABLE, 'missing': ManyHosts.UNAVAILABLE, 'refused': ManyHosts.UNAVAILABLE,
            'locked'       : LxcGroovy.LOCKED,
            'ok'           : LxcGroovy.OK]
    private static final List<Integer> WORST_FIRST = [LxcGroovy.SCRIPT_FAILED, ManyHosts.UNAVAILABLE, LxcGroovy.LOCKED,
                                                      LxcGroovy.CONTAINERS_FAILED, LxcGroovy.OK]

    final String runId
    final String script
    final Instant startedAt
    final Instant finishedAt = Instant.now()
    /** host → the callback's entry: outcome, reason, and the host's own result (with its fleet reports) */
    final Map<String, Map<String, Object>> hosts

    MergedReport(String runId, String script, Instant startedAt, Map<String, Map<String, Object>> hosts) {
        this.runId = runId
        this.script = script
        this.startedAt = startedAt
        this.hosts = new TreeMap<String, Map<String, Object>>(hosts)
    }

    /** A host's outcome; a host whose run failed to start says so. */
    static String outcome(Map<String, Object> entry) {
        (entry.outcome ?: 'not run') as String
    }

    int exitStatus() {
        List<Integer> statuses = hosts.values().collect { Map<String, Object> e ->
            STATUS_OF.getOrDefault(outcome(e), LxcGroovy.CONTAINERS_FAILED)
        }
        WORST_FIRST.find { it in statuses } ?: LxcGroovy.OK
    }

    /** Each container of each host, keyed host/container (a container in two fleet runs of a script: #2, #3...). */
    Map<String, Map<String, Object>> containers() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>()
        hosts.each { String host, Map<String, Object> entry ->
            fleetsOf(entry).each { Map<String, Object> fleet ->
                (fleet.containers as List<Map<String, Object>>).each { Map<String, Object> c ->
                    String key = "${host}/${c.container}"
                    int n = 1
                    while (all.containsKey(n == 1 ? key : "${key}#${n}".toString())) {
                        n++
                    }
                    Map<String, Object> row = new LinkedHashMap<String, Object>([host: host] as Map<String, Object>)
                    row.putAll(c)
                    all.put(n == 1 ? key : "${key}#${n}".toString(), row)
                }
            }
        }
        all
    }

    private static List<Map<String, Object>> fleetsOf(Map<String, Object> entry) {
        Map<String, Object> result = entry.result as Map<String, Object>
        (result?.fleets ?: []) as List<Map<String, Object>>
    }

    Map<String, Object> toMap() {
        [runId     : runId, script: script, startedAt: startedAt.toString(), finishedAt: finishedAt.toString(),
         exitStatus: exitStatus(),
         hosts     : hosts.collectEntries { String host, Map<String, Object> e ->
             Map<String, Object> result = (e.result ?: [:]) as Map<String, Object>
             [(host): [outcome     : outcome(e), reason: e.reason, runId: result.runId ?: e.runId,
                       scriptSha256: result.scriptSha256, exitStatus: result.exitStatus, startedAt: result.startedAt,
                       finishedAt  : result.finishedAt, output: result.output ?: []]]
         },
         containers: containers()] as Map<String, Object>
    }

    /**
     * Every host's containers as one fleet report on one time axis (each host's fleet runs placed by when they
     * began), named host/container, for the page.
     */
    FleetReport timeline() {
        List<FleetResult> results = []
        hosts.each { String host, Map<String, Object> entry ->
            fleetsOf(entry).each { Map<String, Object> fleet ->
                Duration shift = fleet.startedAt ? Duration.between(startedAt, Instant.parse(fleet.startedAt as String))
                        : Duration.ZERO
                (fleet.containers as List<Map<String, Object>>).each { Map<String, Object> c ->
                    results << FleetResult.fromMap(c, "${host}/${c.container}".toString(), shift)
                }
            }
        }
        new FleetReport(results, Duration.between(startedAt, finishedAt), [:], startedAt)
    }

    /** Each host and how it ended, in a line (for the page). */
    Map<String, String> hostLines() {
        hosts.collectEntries { String host, Map<String, Object> e ->
            [(host): "${outcome(e)}${e.reason ? ': ' + oneLine(e.reason as String) : ''}".toString()]
        } as Map<String, String>
    }

    /** A line per container, then a line per host that did not end ok, then the totals. */
    List<String> summary() {
        Map<String, Map<String, Object>> rows = containers()
        int width = Math.max(28, (rows.keySet().collect { it.length() }.max() ?: 0) + 2)
        List<String> lines = [String.format("%-${width}s %-7s %7s  %s", 'host/container', 'result', 'seconds', 'detail')]
        rows.each { String key, Map<String, Object> c ->
            String result = c.ok ? 'ok' : c.timedOut ? 'TIMEOUT' : 'FAILED'
            lines << String.format("%-${width}s %-7s %7.2f  %s", key, result, (c.seconds ?: 0) as double,
                    c.ok ? '' : (c.error ?: ''))
        }
        hostLines().each { String host, String ended ->
            if (outcome(hosts[host]) != 'ok') {
                lines << "${host}: ${ended}".toString()
            }
        }
        Map<String, Integer> counts = new TreeMap<>()
        hosts.values().each { counts.merge(outcome(it), 1, Integer.&sum) }
        lines << String.format('%d %s, %d %s in %.2f s: %s', hosts.size(), hosts.size() == 1 ? 'host' : 'hosts',
                rows.size(), rows.size() == 1 ? 'container' : 'containers',
                Duration.between(startedAt, finishedAt).toMillis() / 1000.0d,
                counts.collect { k, v -> "${v} ${k}" }.join(', '))
        lines
    }

    private static String oneLine(String text) {
        text.readLines().findAll { it.trim() }.join(' ')
    }
}
