package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.time.Duration
import org.lxcgroovy.dsl.packages.PackageStates
import org.lxcgroovy.engine.ExecResult

/**
 * One step of a container's part in a fleet run, for the timeline: what it was ({@link StepKind}), when it began
 * after the run began, how long it took, whether it went well, and what a person looking into it wants: a
 * command's argv, exit status or signal and last lines of output; the address; the boot's end; the snapshot; the
 * packages changed; what an undo did; the error. The JSON report and the page read these fields.
 */
@CompileStatic
class FleetStep {
    /** Lines of a command's output the report keeps: the end, where the reason usually is. */
    static final int OUTPUT_LINES = 10

    final StepKind kind
    final String label
    /** From the start of the fleet run. */
    final Duration offset
    /** 0 for the body's own steps; 1 for the commands of an apt operation, which is a step itself. */
    final int level
    Duration duration = Duration.ZERO
    boolean ok = true
    String error

    /** A command step: its argv, how it ended (exit code, or the signal that ended it; killed at its timeout). */
    List<String> command
    Integer exitCode
    Integer signal
    boolean timedOut
    /** A command step: the last {@link #OUTPUT_LINES} non-blank lines it printed, stdout then stderr. */
    List<String> output
    /** An ip step: the address that came. */
    String address
    /** A boot step: what systemd said at the end ("running", "degraded"); null for other inits. */
    String booted
    /** A snapshot step: the guard snapshot's name. */
    String snapshot
    /** An apt step: what it changed, each {@code [name:, from:, to:]}. */
    List<Map<String, String>> packages
    /** An apt step in check mode: what it would change (apt's simulation), each {@code [name:, from:, to:]}. */
    List<Map<String, String>> wouldChange
    /**
     * A shutdown or freeze step: what was done ("shut down", "stopped (no clean halt within 30 s)", ...); a skipped
     * step: why ("check mode").
     */
    String outcome

    FleetStep(StepKind kind, String label, Duration offset, int level) {
        this.kind = kind
        this.label = label
        this.offset = offset
        this.level = level
    }

    /** A command's outcome: argv, exit status or signal, and the last lines of what it printed. */
    void command(List<String> argv, ExecResult r) {
        command = argv
        if (r.signal() > 0) {
            signal = r.signal()
        } else {
            exitCode = r.exitCode()
        }
        timedOut = r.timedOut()
        output = (r.stdout() + '\n' + r.stderr()).readLines().findAll { it.trim() }.takeRight(OUTPUT_LINES)
        ok = r.success
    }

    /** How it ended, in a few words: "exit 3", "10.0.3.5", "running", "16 upgraded", the error; else ok or failed. */
    String ended() {
        List<String> parts = []
        if (command != null) {
            parts << ExecResult.briefly(exitCode ?: 0, signal ?: 0, timedOut)
        }
        [address, booted, snapshot, outcome].each { if (it != null) { parts << it } }
        if (packages) {
            parts << PackageStates.describe(packages)
        }
        if (wouldChange != null) {
            parts << 'would change: ' + (PackageStates.describe(wouldChange) ?: 'nothing')
        }
        if (error) {
            parts << error
        }
        parts ? parts.join('; ') : ok ? 'ok' : 'failed'
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = [kind: kind.key, label: label, offset: seconds(offset), seconds: seconds(duration), ok: ok,
                                 level: level] as Map<String, Object>
        if (error != null) {
            m.error = error
        }
        if (command != null) {
            m.command = command
            if (signal != null) {
                m.signal = signal
            } else {
                m.exitCode = exitCode
            }
            if (timedOut) {
                m.timedOut = true
            }
            m.output = output
        }
        [address: address, booted: booted, snapshot: snapshot, outcome: outcome].each { String k, String v ->
            if (v != null) {
                m[k] = v
            }
        }
        if (packages != null) {
            m.packages = packages
        }
        if (wouldChange != null) {
            m.wouldChange = wouldChange
        }
        m
    }

    /** A step as {@link #toMap} wrote it (another host's report), its offset moved by {@code shift}. */
    static FleetStep fromMap(Map<String, Object> m, Duration shift) {
        FleetStep s = new FleetStep(StepKind.of(m.kind as String), m.label as String, duration(m.offset).plus(shift),
                (m.level ?: 0) as int)
        s.duration = duration(m.seconds)
        s.ok = m.ok as boolean
        s.error = m.error as String
        s.command = m.command as List<String>
        s.exitCode = m.exitCode as Integer
        s.signal = m.signal as Integer
        s.timedOut = m.timedOut as boolean
        s.output = m.output as List<String>
        s.address = m.address as String
        s.booted = m.booted as String
        s.snapshot = m.snapshot as String
        s.packages = m.packages as List<Map<String, String>>
        s.wouldChange = m.wouldChange as List<Map<String, String>>
        s.outcome = m.outcome as String
        s
    }

    /** Seconds as a report writes them. */
    static Duration duration(Object seconds) {
        Duration.ofMillis(Math.round(((seconds ?: 0) as double) * 1000))
    }

    static double seconds(Duration d) {
        d.toMillis() / 1000.0d
    }
}
