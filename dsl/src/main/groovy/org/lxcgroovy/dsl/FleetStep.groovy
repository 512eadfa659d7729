package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.time.Duration
import org.lxcgroovy.engine.ExecResult

/**
 * One step of a container's part in a fleet run, for the timeline: what it was ({@link #kind}: snapshot, start,
 * thaw, boot, ip, command, apt, shutdown, freeze, rollback, prune), when it began after the run began, how long
 * it took, whether it went well, and what a person looking into it wants (a command's argv, exit status, signal
 * and last lines of output; the address; the packages changed; the error).
 */
@CompileStatic
class FleetStep {
    /** Lines of a command's output the report keeps: the end, where the reason usually is. */
    static final int OUTPUT_LINES = 10

    final String kind
    final String label
    /** From the start of the fleet run. */
    final Duration offset
    /** 0 for the body's own steps; 1 for the commands of an apt operation, which is a step itself. */
    final int level
    Duration duration = Duration.ZERO
    boolean ok = true
    String error
    final Map<String, Object> details = new LinkedHashMap<String, Object>()

    FleetStep(String kind, String label, Duration offset, int level) {
        this.kind = kind
        this.label = label
        this.offset = offset
        this.level = level
    }

    /** A command's outcome: argv, exit status or signal, and the last lines of what it printed. */
    void command(List<String> argv, ExecResult r) {
        details.command = argv
        if (r.signal() > 0) {
            details.signal = r.signal()
        } else {
            details.exitCode = r.exitCode()
        }
        if (r.timedOut()) {
            details.timedOut = true
        }
        List<String> lines = (r.stdout() + '\n' + r.stderr()).readLines().findAll { it.trim() }
        details.output = lines.takeRight(OUTPUT_LINES)
        ok = r.success
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = [kind: kind, label: label, offset: seconds(offset), seconds: seconds(duration), ok: ok,
                                 level: level] as Map<String, Object>
        if (error != null) {
            m.error = error
        }
        m.putAll(details)
        m
    }

    static double seconds(Duration d) {
        d.toMillis() / 1000.0d
    }
}
