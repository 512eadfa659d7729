package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.time.Duration
import java.time.Instant
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.FleetResult

/**
 * {@code --metrics FILE}: the last run of a script in Prometheus' text format, for node_exporter's textfile
 * collector (the way cron jobs are watched). Gauges only, named {@code lxcgroovy_*} with their unit, labelled by
 * script (and container): when the run began and how long it took, its exit status, and per container whether it
 * was ok, how long it took, how many packages it changed and, when the script asked apt, how many upgrades are pending;
 * and whether the run was a check. The command writes it with {@link WholeFile}, so the
 * collector never reads half a file.
 */
@CompileStatic
class Metrics {
    /** The exit status a run stopped by a signal reports (its real one is the signal's). */
    static final int STOPPED = -1

    static String render(String script, Instant startedAt, Duration took, int exitStatus, List<FleetReport> reports) {
        Map<String, String> run = [script: script]
        def text = new StringBuilder()
        gauge(text, 'lxcgroovy_run_start_timestamp_seconds', 'When the last run of the script began (Unix time).',
                [sample(run, startedAt.toEpochMilli() / 1000.0d)])
        gauge(text, 'lxcgroovy_run_duration_seconds', 'How long the last run of the script took.',
                [sample(run, took.toMillis() / 1000.0d)])
        gauge(text, 'lxcgroovy_run_exit_status', 'Exit status of the last run: 0 all ok, 1 a container failed, ' +
                '2 the script failed, 75 its lock was held, -1 stopped by a signal.', [sample(run, exitStatus as double)])
        gauge(text, 'lxcgroovy_run_success', '1 when the last run of the script ended with exit status 0.',
                [sample(run, exitStatus == 0 ? 1.0d : 0.0d)])
        Map<String, List<FleetResult>> byContainer = new TreeMap<>()
        reports.each { FleetReport r -> r.results.each { byContainer.computeIfAbsent(it.container) { [] } << it } }
        Map<String, Integer> outcomes = new TreeMap<>(['ok': 0, 'failed': 0, 'timeout': 0])
        byContainer.values().each { List<FleetResult> parts ->
            String outcome = parts.every { it.ok } ? 'ok' : parts.any { it.timedOut } ? 'timeout' : 'failed'
            outcomes[outcome] = outcomes[outcome] + 1
        }
        gauge(text, 'lxcgroovy_containers', 'Containers of the last run, by how they ended.',
                outcomes.collect { String outcome, Integer n -> sample(run + [outcome: outcome], n as double) })
        gauge(text, 'lxcgroovy_container_success', "1 when the container's part of the last run was ok.",
                byContainer.collect { String c, List<FleetResult> parts -> sample(run + [container: c], parts.every { it.ok } ? 1.0d : 0.0d) })
        gauge(text, 'lxcgroovy_container_duration_seconds', "How long the container's part of the last run took.",
                byContainer.collect { String c, List<FleetResult> parts ->
                    sample(run + [container: c], (parts.sum { FleetResult p -> p.duration.toMillis() } as long) / 1000.0d)
                })
        gauge(text, 'lxcgroovy_container_packages_changed', 'Packages the last run installed, upgraded or removed in the container.',
                byContainer.collect { String c, List<FleetResult> parts ->
                    sample(run + [container: c], (parts.sum { FleetResult p -> p.rolledBack == null ? p.packages.size() : 0 } as int) as double)
                })
        List<Sample> pending = byContainer.findResults { String c, List<FleetResult> parts ->
            Integer known = parts.findResults { it.upgradesPending }.with { it ? it.last() : null }
            known == null ? null : sample(run + [container: c], known as double)
        } as List<Sample>
        gauge(text, 'lxcgroovy_container_upgrades_pending', 'Upgrades apt had for the container when the script last ' +
                'asked (apt.pending(), a checked apt.upgrade()).', pending)
        gauge(text, 'lxcgroovy_run_check', '1 when the last run was a check (--check): it changed nothing.',
                [sample(run, reports.any { FleetReport r -> r.options.check } ? 1.0d : 0.0d)])
        text.toString()
    }

    /** One line of a metric: its labels and its value. */
    @CompileStatic
    private static final class Sample {
        final Map<String, String> labels
        final double value

        Sample(Map<String, String> labels, double value) {
            this.labels = labels
            this.value = value
        }
    }

    private static Sample sample(Map<String, String> labels, double value) {
        new Sample(labels, value)
    }

    private static void gauge(StringBuilder text, String name, String help, List<Sample> samples) {
        if (samples.isEmpty()) {
            return
        }
        text << "# HELP ${name} ${help.replace('\\', '\\\\').replace('\n', '\\n')}\n# TYPE ${name} gauge\n"
        samples.each { Sample sample ->
            String shown = sample.labels.collect { k, v -> "${k}=\"${escape(v)}\"" }.join(',')
            text << "${name}{${shown}} ${number(sample.value)}\n"
        }
    }

    /** A label value as the text format writes it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        value.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
    }

    private static String number(double value) {
        value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value)
    }
}
