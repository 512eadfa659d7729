package org.lxcgroovy.dsl

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import org.lxcgroovy.dsl.packages.PackageStates
import java.time.Duration
import java.time.Instant

/** The outcome of one fleet run: a result per container, in the order the targets were given. */
@CompileStatic
class FleetReport {
    final List<FleetResult> results
    final Duration duration
    /** The run's options as the script gave them (parallel, timeout, snapshot, ...). */
    final Map<String, Object> options
    /** When the run began; null when not known. */
    final Instant startedAt

    FleetReport(List<FleetResult> results, Duration duration, Map<String, Object> options = [:], Instant startedAt = null) {
        this.results = Collections.unmodifiableList(results)
        this.duration = duration
        this.options = Collections.unmodifiableMap(new LinkedHashMap<String, Object>(options))
        this.startedAt = startedAt
    }

    boolean isOk() {
        results.every { it.ok }
    }

    /** Groovy truth: every container ok. */
    boolean asBoolean() {
        ok
    }

    List<FleetResult> getFailed() {
        results.findAll { !it.ok }
    }

    /** The result of one container by name; null when it was not a target. */
    FleetResult getAt(String container) {
        results.find { it.container == container }
    }

    /** A table: container, result, seconds, and the reason of a failure. */
    String summary() {
        int width = Math.max(20, (results.collect { it.container.length() }.max() ?: 0) + 2)
        def lines = [String.format("%-${width}s %-7s %7s  %s", 'container', 'result', 'seconds', 'detail')]
        for (FleetResult r : results) {
            lines << String.format("%-${width}s %-7s %7.2f  %s", r.container, r.outcome, r.duration.toMillis() / 1000.0d,
                    detail(r))
        }
        lines << String.format('%d %s in %.2f s, %d failed', results.size(), results.size() == 1 ? 'container' : 'containers',
                duration.toMillis() / 1000.0d,
                failed.size())
        String time = whereTheTimeWent()
        if (time) {
            lines << time
        }
        String dhcp = slowDhcp()
        if (dhcp) {
            lines << dhcp
        }
        lines.join('\n')
    }

    /** Waits for an address this long or longer are worth a word: a stock lxc-net bridge answers one client per ~3 s. */
    static final Duration SLOW_ADDRESS = Duration.ofSeconds(5)

    /**
     * Once per run, when containers waited {@link #SLOW_ADDRESS} or more for an address: why — the DHCP queue of a
     * bridge they waited in beyond their timeout — and the doctor's hint.
     */
    String slowDhcp() {
        List<FleetStep> waits = results.collectMany { it.steps.findAll { it.kind == StepKind.IP && it.duration >= SLOW_ADDRESS } }
        if (!waits) {
            return null
        }
        Duration slowest = waits*.duration.max()
        List<String> queues = waits.collect { (it.outcome =~ /in the DHCP queue of (\S+)/).with { find() ? group(1) : null } }
                .findAll { it != null }.unique()
        String why = queues ? String.format('%d of them waited their turn in the DHCP queue of %s beyond their timeout: ' +
                'its dnsmasq answers one new client per ~3 s while it pings each address first', waits.count {
            it.outcome?.contains('DHCP queue') } as int, queues.join(', ')) : "dnsmasq's ping check alone costs ~3 s a container"
        String.format('%d %s waited %d s or more for an address (the slowest %.1f s); %s. `lxc-groovy doctor` checks ' +
                "the bridge's DHCP", waits.size(), waits.size() == 1 ? 'container' : 'containers', SLOW_ADDRESS.toSeconds(),
                slowest.toMillis() / 1000.0d, why)
    }

    /**
     * The body's own steps (not the commands inside an apt operation) by kind, slowest kind first, with the total
     * over all containers, and the slowest single step: "time by step: apt 96.1 s, boot 29.3 s, ...; slowest: ...".
     * Null when no step was recorded.
     */
    String whereTheTimeWent() {
        Map<StepKind, Duration> byKind = [:]
        FleetStep top = null
        String topContainer = null
        for (FleetResult r : results) {
            for (FleetStep s : r.steps.findAll { it.level == 0 }) {
                byKind[s.kind] = (byKind[s.kind] ?: Duration.ZERO) + s.duration
                if (top == null || s.duration > top.duration) {
                    top = s
                    topContainer = r.container
                }
            }
        }
        if (top == null) {
            return null
        }
        List<StepKind> kinds = byKind.keySet().sort { StepKind a, StepKind b -> byKind[b] <=> byKind[a] ?: a.key <=> b.key }
        'time by step: ' + kinds.collect { String.format('%s %.1f s', it, byKind[it].toMillis() / 1000.0d) }.join(', ') +
                String.format('; slowest: %s %.1f s on %s', top.label, top.duration.toMillis() / 1000.0d, topContainer)
    }

    /** What a person wants to know of one container: what changed, or why it failed and what was undone. */
    private static String detail(FleetResult r) {
        List<String> parts = []
        if (!r.ok) {
            parts << r.error
        }
        if (r.rolledBack) {
            parts << "rolled back to ${r.rolledBack}".toString()
        } else if (r.packages) {
            parts << PackageStates.describe(r.packages)
        }
        if (r.check) {
            parts << 'check: would change ' + (PackageStates.describe(r.wouldChange) ?: 'no package')
            if (r.skipped) {
                parts << "${r.skipped.size()} skipped".toString()
            }
        }
        if (r.booted == 'degraded') {
            parts << 'booted degraded'
        }
        parts.join('; ')
    }

    Map<String, Object> toMap() {
        [ok: ok, seconds: duration.toMillis() / 1000.0, startedAt: startedAt?.toString(), options: options,
         failed: failed.collect { it.container }, containers: results.collect { it.toMap() }] as Map<String, Object>
    }

    String toJson() {
        JsonOutput.prettyPrint(JsonOutput.toJson(toMap()))
    }
}
