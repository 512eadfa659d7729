package org.lxcgroovy.dsl

import groovy.transform.stc.ClosureParams
import groovy.transform.stc.SimpleType
import java.time.Duration
import org.lxcgroovy.dsl.net.DhcpQueue
import org.lxcgroovy.dsl.packages.PackageStates
import org.lxcgroovy.engine.AttachOptions
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException
import org.lxcgroovy.engine.groovy.NamedOptions

/**
 * The delegate of a fleet body: what a closure "in the container" has ({@link InContainer}: the container's own
 * API, run, sh, file, ...) plus the steps a fleet job is made of, each recorded once on the container's
 * {@link FleetResult} (which tells the live progress). Every command gets at most the time left before the
 * container's deadline, so a timed-out member stops promptly and nothing it started keeps running.
 */
class FleetMember extends InContainer {
    private static final ThreadLocal<FleetMember> CURRENT = new ThreadLocal<>()
    /** How long ensureRunning() waits for a boot to finish when the container's deadline is further off. */
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120)

    /** The member whose body runs on this thread, or null outside fleet bodies. */
    static FleetMember current() {
        CURRENT.get()
    }

    /** Runs {@code body} as this member's: script-level println on this thread goes to this member. */
    void bind(Runnable body) {
        CURRENT.set(this)
        try {
            body.run()
        } finally {
            CURRENT.remove()
        }
    }

    private final FleetResult result
    private final RunJournal journal
    private final long deadlineNanos      // Long.MAX_VALUE: no timeout
    private final long timeoutSeconds

    FleetMember(Container container, FleetResult result, Long timeoutSeconds) {
        this(container, result, timeoutSeconds, false)
    }

    /** With {@code check}, the member is in check mode (see {@link InContainer}). */
    FleetMember(Container container, FleetResult result, Long timeoutSeconds, boolean check) {
        this(container, result, timeoutSeconds, check, RunJournal.NONE)
    }

    /** {@code journal} records what the member starts, thaws and freezes, for a run that is killed. */
    FleetMember(Container container, FleetResult result, Long timeoutSeconds, boolean check, RunJournal journal) {
        super(container, check)
        this.journal = journal
        this.result = result
        result.check = check
        this.timeoutSeconds = timeoutSeconds ?: 0
        this.deadlineNanos = timeoutSeconds ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE
    }

    /**
     * Starts the container if it is stopped, thaws it if it is frozen, and returns when it is ready for work: where
     * its init is systemd, when systemd says the boot is done ("degraded" is noted in the report, not a failure).
     * Afterwards the run shuts down what it started and freezes again what it thawed. True if it started it.
     * Check mode does the same: a container must run to be looked at (the report says it was started for that).
     */
    boolean ensureRunning() {
        remaining('starting')
        if (container.state == ContainerState.FROZEN) {
            journal.thawing(container)
            result.step(StepKind.THAW, 'thaw') { container.unfreeze() }
            result.thawedByRun = true
            result.note('thawed')
            return false
        }
        if (container.running) {
            awaitBoot()
            return false
        }
        journal.starting(container)
        result.step(StepKind.START, 'start') { container.start() }
        journal.started(container)
        result.startedByRun = true
        result.note(check ? 'started, to be looked at (check mode); shut down again afterwards' : 'started')
        awaitBoot()
        true
    }

    /** In check mode as {@link #ensureRunning} (started to be looked at, shut down afterwards); otherwise the container's. */
    void start() {
        check ? ensureRunning() : container.start()
    }

    /** Until the container has booted (systemd: running or degraded), within the time left or {@link #BOOT_TIMEOUT}. */
    private void awaitBoot() {
        Duration left = remaining('waiting for the boot')
        Duration limit = left != null && left < BOOT_TIMEOUT ? left : BOOT_TIMEOUT
        long t0 = System.nanoTime()
        result.step(StepKind.BOOT, 'boot') { FleetStep s ->
            try {
                result.booted = waitForBoot(limit)
            } catch (LxcException e) {
                if (e.kind == LxcException.Kind.TIMED_OUT && limit == left) {
                    throw new FleetTimeoutException(name, 'waiting for the boot', timeoutSeconds)
                }
                throw e
            }
            s.booted = result.booted
        }
        if (result.booted == 'degraded') {
            result.note("booted, degraded: failed units ${failedUnits().join(', ') ?: 'none listed'}".toString())
        } else if (result.booted != null) {
            result.note(String.format('booted in %.1f s', (System.nanoTime() - t0) / 1e9d))
        }
    }

    @Override
    Long secondsLeft() {
        Duration left = remaining('waiting')
        left == null ? null : Math.max(1L, left.toSeconds())
    }

    @Override
    public <T> T step(StepKind kind, String label,
                      @ClosureParams(value = SimpleType, options = 'org.lxcgroovy.dsl.FleetStep') Closure<T> action) {
        result.step(kind, label, action)
    }

    @Override
    void packagesChanged(List<Map<String, String>> changes) {
        FleetStep now = result.currentStep
        if (now != null) {
            now.packages = changes
        }
        result.packagesChanged(changes)
        if (changes) {
            result.note(PackageStates.describe(changes))
        }
    }

    @Override
    void packagesWouldChange(List<Map<String, String>> changes) {
        FleetStep now = result.currentStep
        if (now != null) {
            now.wouldChange = changes
        }
        result.packagesWouldChange(changes)
        result.note("would change: ${PackageStates.describe(changes) ?: 'nothing'}".toString())
    }

    @Override
    void upgradesPending(int count) {
        result.upgradesPending = count
    }

    /** The body's freeze: recorded first, so that a run killed while the container is frozen leaves it known. */
    @Override
    void freeze(Duration timeout) {
        if (!check) {
            journal.freezing(container)
        }
        super.freeze(timeout)
    }

    @Override
    void freeze() {
        freeze(Container.FREEZE_TIMEOUT)
    }

    @Override
    void unfreeze() {
        super.unfreeze()
        if (!check) {
            journal.unfrozen(container)
        }
    }

    /** A mark on the timeline and a line in the report. */
    @Override
    protected void skipped(String what) {
        result.step(StepKind.SKIPPED, what) { FleetStep s -> s.outcome = 'check mode' }
        result.note("skipped (check mode): ${what}".toString())
    }

    /**
     * Waits for an address and returns the first: options {@code timeout} (seconds, default 30), {@code family}
     * (default "inet"), {@code interface}. No address in time is a failure of this container.
     */
    String waitForIp(Map options = [:]) {
        NamedOptions.check('waitForIp', options, ['timeout', 'family', 'interface'])
        long wanted = (options.timeout ?: 30) as long
        Duration limit = remaining('waiting for an IP')
        Duration wait = limit == null || Duration.ofSeconds(wanted) < limit ? Duration.ofSeconds(wanted) : limit
        String family = options.containsKey('family') ? options.family : 'inet'
        String what = family == 'inet' ? 'IPv4 address' : family == 'inet6' ? 'IPv6 address' : 'address'
        String ip = result.step(StepKind.IP, "wait for an $what") { FleetStep s ->
            List<String> ips = container.getIps(family, options.interface as String, 0, wait)
            DhcpQueue queue = ips.isEmpty() && family == 'inet' && !options.interface ? DhcpQueue.of(container) : null
            int waiting = queue != null ? queue.waiting() : 0
            Duration extension = queue != null ? queue.extension(waiting) : Duration.ZERO
            long queued = System.nanoTime()
            Duration slice
            while (ips.isEmpty() && (slice = queueTimeLeft(queued, extension)) != null) {
                ips = container.getIps(family, null, 0, slice)
            }
            long queuedSeconds = (System.nanoTime() - queued).intdiv(1_000_000_000L) as long
            String inQueue = queuedSeconds > 0 ? ("${queuedSeconds} s more in the DHCP queue of ${queue.dhcp.bridge} " +
                    "(${waiting} containers on it without an address; its dnsmasq pings each address before offering it)").toString() : null
            if (ips.isEmpty()) {
                if (wait < Duration.ofSeconds(wanted)) {
                    throw new FleetTimeoutException(name, 'waiting for an IP', timeoutSeconds)
                }
                remaining('waiting for an IP')  // the queue's wait reached the deadline: the container's timeout
                throw new LxcException(LxcException.Kind.TIMED_OUT, 'waitForIp', name, "no $what within $wanted s" +
                        (inQueue ? " and ${inQueue}" : '') + (queue ? ": ${queue.whyNone()}" : ''))
            }
            s.address = ips[0]
            if (inQueue) {
                s.outcome = "after ${inQueue}".toString()
            }
            ips[0]
        }
        result.note("ip ${ip}".toString())
        ip
    }

    /**
     * How long more to wait for an address in the DHCP queue, in slices of 5 s: within {@code extension} of
     * {@code since} and the container's deadline; null when no time is left.
     */
    private Duration queueTimeLeft(long since, Duration extension) {
        Duration left = extension - Duration.ofNanos(System.nanoTime() - since)
        Duration deadline = deadlineNanos == Long.MAX_VALUE ? null : Duration.ofNanos(deadlineNanos - System.nanoTime())
        Duration bound = deadline != null && deadline < left ? deadline : left
        bound.isNegative() || bound.isZero() ? null : bound < Duration.ofSeconds(5) ? bound : Duration.ofSeconds(5)
    }

    /**
     * Every command of the body comes here (run, sh, attachWait, apt's): bounded by the container's deadline, a step
     * of the timeline with its outcome.
     */
    @Override
    protected ExecResult runInContainer(AttachOptions options, List<String> argv) {
        String line = argv.join(' ')
        Duration left = remaining("running `$line`")
        boolean cutByDeadline = left != null && (options.timeout() == null || left < options.timeout())
        AttachOptions bounded = cutByDeadline ? options.toBuilder().timeout(left).build() : options
        result.step(StepKind.COMMAND, "\$ $line") { FleetStep s ->
            ExecResult r = container.run(bounded, argv)
            s.command(argv, r)
            result.note("\$ $line -> $r".toString())
            if (r.timedOut() && cutByDeadline) {
                throw new FleetTimeoutException(name, "running `$line`", timeoutSeconds)
            }
            r
        }
    }

    /** {@code attachWait { ... }} in a fleet body: commands in it count against this container's deadline. */
    Object attachWait(@DelegatesTo(value = FleetMember, strategy = Closure.DELEGATE_FIRST)
                      @ClosureParams(value = SimpleType, options = 'org.lxcgroovy.dsl.FleetMember') Closure body) {
        call(body)
    }

    /** python's attach_wait in a fleet body: the exit status; the output is captured, not interleaved on the screen. */
    int attachWait(List command) {
        run([:], command).status()
    }

    /** A line in the report and on the script's output, prefixed with the container's name. */
    void log(Object message) {
        result.print(String.valueOf(message))
    }

    void println(Object message) {
        log(message)
    }

    void printf(String format, Object... values) {
        log(String.format(format, values).stripTrailing())
    }

    /** Time left before the deadline (null: no deadline); none left is a timeout failure. */
    private Duration remaining(String doing) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return null
        }
        long left = deadlineNanos - System.nanoTime()
        if (left <= 0) {
            throw new FleetTimeoutException(name, doing, timeoutSeconds)
        }
        Duration.ofNanos(left)
    }
}
