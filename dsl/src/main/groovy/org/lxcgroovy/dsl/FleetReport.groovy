package org.lxcgroovy.dsl

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import org.lxcgroovy.dsl.packages.PackageStates
import java.time.Duration

/** The outcome of one fleet run: a result per container, in the order the targets were given. */
@CompileStatic
class FleetReport {
    final List<FleetResult> results
    final Duration duration

    FleetReport(List<FleetResult> results, Duration duration) {
        this.results = Collections.unmodifiableList(results)
        this.duration = duration
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
            String result = r.ok ? 'ok' : r.timedOut ? 'TIMEOUT' : 'FAILED'
            lines << String.format("%-${width}s %-7s %7.2f  %s", r.container, result, r.duration.toMillis() / 1000.0d,
                    detail(r))
        }
        lines << String.format('%d %s in %.2f s, %d failed', results.size(), results.size() == 1 ? 'container' : 'containers',
                duration.toMillis() / 1000.0d,
                failed.size())
        lines.join('\n')
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
        if (r.booted == 'degraded') {
            parts << 'booted degraded'
        }
        parts.join('; ')
    }

    Map<String, Object> toMap() {
        [ok: ok, seconds: duration.toMillis() / 1000.0, failed: failed.collect { it.container },
         containers: results.collect { it.toMap() }] as Map<String, Object>
    }

    String toJson() {
        JsonOutput.prettyPrint(JsonOutput.toJson(toMap()))
    }
}
