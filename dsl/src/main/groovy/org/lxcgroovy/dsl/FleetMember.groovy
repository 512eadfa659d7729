package org.lxcgroovy.dsl

import java.time.Duration
import org.lxcgroovy.dsl.packages.PackageStates
import org.lxcgroovy.engine.AttachOptions
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.NamedOptions
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException

/**
 * The delegate of a fleet body: what a closure "in the container" has ({@link InContainer}: the container's own
 * API, run, sh, file, ...) plus the steps a fleet job is made of.
 * Every command gets at most the time left before the container's deadline, so a timed-out member stops
 * promptly and nothing it started keeps running.
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
    private final FleetProgress progress
    private final long deadlineNanos      // Long.MAX_VALUE: no timeout
    private final long timeoutSeconds

    FleetMember(Container container, FleetResult result, FleetProgress progress, Long timeoutSeconds) {
        super(container)
        this.result = result
        this.progress = progress
        this.timeoutSeconds = timeoutSeconds ?: 0
        this.deadlineNanos = timeoutSeconds ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE
    }

    /**
     * Starts the container if it is stopped, thaws it if it is frozen, and returns when it is ready for work: where
     * its init is systemd, when systemd says the boot is done ("degraded" is noted in the report, not a failure).
     * Afterwards the run shuts down what it started and freezes again what it thawed. True if it started it.
     */
    boolean ensureRunning() {
        remaining('starting')
        if (container.state == ContainerState.FROZEN) {
            result.step('thaw', 'thaw') { container.unfreeze() }
            result.thawedByRun = true
            record('thawed')
            return false
        }
        if (container.running) {
            awaitBoot()
            return false
        }
        progress.step(result, 'starting')
        result.step('start', 'start') { container.start() }
        result.startedByRun = true
        record('started')
        awaitBoot()
        true
    }

    /** Until the container has booted (systemd: running or degraded), within the time left or {@link #BOOT_TIMEOUT}. */
    private void awaitBoot() {
        Duration left = remaining('waiting for the boot')
        Duration limit = left != null && left < BOOT_TIMEOUT ? left : BOOT_TIMEOUT
        progress.step(result, 'booting')
        long t0 = System.nanoTime()
        result.step('boot', 'boot') { FleetStep s ->
            try {
                result.booted = waitForBoot(limit)
            } catch (LxcException e) {
                if (e.kind == LxcException.Kind.TIMED_OUT && limit == left) {
                    throw new FleetTimeoutException(name, 'waiting for the boot', timeoutSeconds)
                }
                throw e
            }
            if (result.booted != null) {
                s.details.booted = result.booted
            }
        }
        if (result.booted == 'degraded') {
            record("booted, degraded: failed units ${failedUnits().join(', ') ?: 'none listed'}")
        } else if (result.booted != null) {
            record(String.format('booted in %.1f s', (System.nanoTime() - t0) / 1e9d))
        }
    }

    @Override
    Long secondsLeft() {
        Duration left = remaining('waiting')
        left == null ? null : Math.max(1L, left.toSeconds())
    }

    @Override
    public <T> T step(String kind, String label, Closure<T> action) {
        result.step(kind, label, action)
    }

    @Override
    void packagesChanged(List<Map<String, String>> changes) {
        result.currentStep?.details?.packages = changes
        result.packagesChanged(changes)
        if (changes) {
            record(PackageStates.describe(changes))
        }
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
        progress.step(result, 'waiting for an IP')
        String what = family == 'inet' ? 'IPv4 address' : family == 'inet6' ? 'IPv6 address' : 'address'
        String ip = result.step('ip', "wait for an $what") { FleetStep s ->
            List<String> ips = container.getIps(family, options.interface as String, 0, wait)
            if (ips.isEmpty()) {
                if (wait < Duration.ofSeconds(wanted)) {
                    throw new FleetTimeoutException(name, 'waiting for an IP', timeoutSeconds)
                }
                throw new LxcException(LxcException.Kind.TIMED_OUT, 'waitForIp', name, "no $what within $wanted s")
            }
            s.details.address = ips[0]
            ips[0]
        }
        record("ip ${ip}")
        ip
    }

    /** The engine's run, bounded by the container's deadline; the command and its outcome go to the report. */
    @Override
    ExecResult run(Map options, List command) {
        List<String> argv = command.collect { String.valueOf(it) }
        String line = argv.join(' ')
        Map opts = captured(options)
        Duration left = remaining("running `$line`")
        Duration own = AttachOptions.duration(options.timeout)
        boolean cutByDeadline = left != null && (own == null || left < own)
        if (cutByDeadline) {
            opts.timeout = left
        }
        progress.step(result, "\$ $line")
        result.step('command', "\$ $line") { FleetStep s ->
            ExecResult r = container.run(AttachOptions.of(opts), argv)
            s.command(argv, r)
            record("\$ $line -> $r")
            if (r.timedOut() && cutByDeadline) {
                throw new FleetTimeoutException(name, "running `$line`", timeoutSeconds)
            }
            r
        }
    }

    /** {@code attachWait { ... }} in a fleet body: commands in it count against this container's deadline. */
    Object attachWait(@DelegatesTo(value = FleetMember, strategy = Closure.DELEGATE_FIRST) Closure body) {
        call(body)
    }

    /** python's attach_wait in a fleet body: the exit status; the output is captured, not interleaved on the screen. */
    int attachWait(List command) {
        run([:], command).status()
    }

    /** A line in the report and on the script's output, prefixed with the container's name. */
    void log(Object message) {
        record(String.valueOf(message))
        progress.line("[$name] $message".toString())
    }

    void println(Object message) {
        log(message)
    }

    void printf(String format, Object... values) {
        log(String.format(format, values).stripTrailing())
    }

    private void record(String line) {
        result.output << line
        progress.step(result, line)
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
