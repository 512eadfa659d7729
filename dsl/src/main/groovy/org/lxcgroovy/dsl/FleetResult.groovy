package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import groovy.transform.stc.ClosureParams
import groovy.transform.stc.SimpleType
import org.lxcgroovy.dsl.packages.PackageStates
import java.time.Duration

/** What one container's part of a fleet run came to. */
@CompileStatic
class FleetResult {
    final String container
    /** The body ran to its end without an exception or a timeout. */
    boolean ok
    /** Why not, in one line: the exception's message (operation, container, liblxc's reason); null when ok. */
    String error
    boolean timedOut
    Duration duration = Duration.ZERO
    /** The run started the container (ensureRunning) and so shut it down afterwards. */
    boolean startedByRun
    /** The run thawed the container (ensureRunning on a frozen one) and so froze it again afterwards. */
    boolean thawedByRun
    /** The container has an id map (root-owned unprivileged): its ids are not the host's. */
    boolean unprivileged
    /** What systemd said when the container had booted ("running", "degraded"); null for other inits. */
    String booted
    /**
     * What the body's package operations (apt.upgrade, install, remove) changed, net, each {@code [name:, from:, to:]}:
     * a package installed and then removed again is not in it.
     */
    private List<Map<String, String>> packages = []
    /** In check mode: what the body's package operations would have changed (apt's simulation), net. */
    private List<Map<String, String>> wouldChange = []
    /** The run was a check ({@code --check}, {@code fleet(check: true)}): nothing in the container was changed. */
    boolean check
    /** Upgrades apt had for the container when the body last asked (apt.pending(), a checked apt.upgrade()); null: not asked. */
    Integer upgradesPending
    /** The guard snapshot taken before the body ({@code snapshot: true}), kept afterwards; null without one. */
    String snapshot
    /** The snapshot the container was restored from after its body failed; null when it was not rolled back. */
    String rolledBack
    /** What the body logged and printed, and each command it ran with its outcome, in order. */
    final List<String> output = Collections.synchronizedList(new ArrayList<String>())
    /** The timeline: every step with its offset from the start of the run and its duration, in order of start. */
    private final List<FleetStep> steps = Collections.synchronizedList(new ArrayList<FleetStep>())
    /** Steps begun and not yet ended (an apt operation's commands are inside it). */
    private final Deque<FleetStep> open = new ArrayDeque<FleetStep>()
    /** When the fleet run began (System.nanoTime), the zero of every offset. */
    final long runStart
    /** When this container's turn began, after the run began (later than zero when {@code parallel} held it back). */
    Duration offset = Duration.ZERO
    /** Told of every event of this container's part: the live progress. */
    private FleetProgress listener = FleetProgress.NONE

    FleetResult(String container) {
        this(container, System.nanoTime())
    }

    FleetResult(String container, long runStart) {
        this.container = container
        this.runStart = runStart
    }

    /** {@code listener} is told of every event from now on. */
    void listen(FleetProgress listener) {
        this.listener = listener
    }

    /** This container's turn begins now. */
    void begin() {
        offset = Duration.ofNanos(System.nanoTime() - runStart)
        listener.started(this)
    }

    /** This container's turn ended after {@code took}, with the outcome set. */
    void end(Duration took) {
        duration = took
        listener.finished(this)
    }

    /** A line for the report (a step's result, an undo): kept in the output and shown as the current state. */
    void note(String line) {
        output << line
        listener.noted(this, line)
    }

    /** A line the body printed or logged: kept in the output and printed, prefixed with the container's name. */
    void print(String line) {
        output << line
        listener.printed(this, line)
    }

    List<FleetStep> getSteps() {
        new ArrayList<FleetStep>(steps)
    }

    /** The step being taken now, innermost; null between steps. */
    synchronized FleetStep getCurrentStep() {
        open.peek()
    }

    /**
     * Runs {@code action} as a step of the timeline: its offset and duration are recorded, the live progress shows
     * it, and an exception it throws marks the step failed (with the exception's line) before it goes on.
     * {@code action} gets the step, to fill in its details.
     */
    public <T> T step(StepKind kind, String label,
                      @ClosureParams(value = SimpleType, options = 'org.lxcgroovy.dsl.FleetStep') Closure<T> action) {
        FleetStep s
        long t0 = System.nanoTime()     // one reading for the offset and the duration: offset + duration is the end
        synchronized (this) {
            s = new FleetStep(kind, label, Duration.ofNanos(t0 - runStart), open.size())
            open.push(s)
            steps << s
        }
        listener.stepBegun(this, s)
        try {
            return action.call(s)
        } catch (Throwable e) {
            s.ok = false
            s.error = Fleet.oneLine(e)
            throw e
        } finally {
            s.duration = Duration.ofNanos(System.nanoTime() - t0)
            synchronized (this) {
                open.remove(s)
            }
        }
    }

    synchronized List<Map<String, String>> getPackages() {
        new ArrayList<Map<String, String>>(packages)
    }

    /** Adds what one package operation changed. */
    synchronized void packagesChanged(List<Map<String, String>> changes) {
        packages = PackageStates.combine(packages, changes)
    }

    synchronized List<Map<String, String>> getWouldChange() {
        new ArrayList<Map<String, String>>(wouldChange)
    }

    /** Adds what one simulated package operation would change. */
    synchronized void packagesWouldChange(List<Map<String, String>> changes) {
        wouldChange = PackageStates.combine(wouldChange, changes)
    }

    /** What check mode did not do, by label ("\$ systemctl restart nginx", "write /etc/motd", ...). */
    List<String> getSkipped() {
        getSteps().findAll { it.kind == StepKind.SKIPPED }*.label
    }

    /** How it ended, in one word: "ok", "TIMEOUT" or "FAILED". */
    String getOutcome() {
        ok ? 'ok' : timedOut ? 'TIMEOUT' : 'FAILED'
    }

    /** The body changed packages (a rolled-back container changed nothing). */
    boolean isChanged() {
        rolledBack == null && !packages.isEmpty()
    }

    Map<String, Object> toMap() {
        [container: container, ok: ok, error: error, timedOut: timedOut, seconds: duration.toMillis() / 1000.0,
         startedByRun: startedByRun, thawedByRun: thawedByRun, unprivileged: unprivileged, booted: booted, changed: changed,
         packages: getPackages(), check: check, wouldChange: getWouldChange(), skipped: getSkipped(),
         upgradesPending: upgradesPending, snapshot: snapshot, rolledBack: rolledBack, offset: FleetStep.seconds(offset),
         steps: getSteps().collect { it.toMap() }, output: new ArrayList<String>(output)] as Map<String, Object>
    }

    /**
     * A result as {@link #toMap} wrote it (another host's report), named {@code container} and moved by
     * {@code shift} on the time axis: the merged report of many hosts draws them on one.
     */
    static FleetResult fromMap(Map<String, Object> m, String container, Duration shift) {
        FleetResult r = new FleetResult(container)
        r.ok = m.ok as boolean
        r.error = m.error as String
        r.timedOut = m.timedOut as boolean
        r.duration = FleetStep.duration(m.seconds)
        r.startedByRun = m.startedByRun as boolean
        r.thawedByRun = m.thawedByRun as boolean
        r.unprivileged = m.unprivileged as boolean
        r.booted = m.booted as String
        r.packages = (m.packages ?: []) as List<Map<String, String>>
        r.check = m.check as boolean
        r.wouldChange = (m.wouldChange ?: []) as List<Map<String, String>>
        r.upgradesPending = m.upgradesPending as Integer
        r.snapshot = m.snapshot as String
        r.rolledBack = m.rolledBack as String
        r.offset = FleetStep.duration(m.offset).plus(shift)
        r.output.addAll((m.output ?: []) as List<String>)
        ((m.steps ?: []) as List<Map<String, Object>>).each { r.steps << FleetStep.fromMap(it, shift) }
        r
    }

    @Override
    String toString() {
        ok ? "$container: ok" : "$container: FAILED: $error"
    }
}
