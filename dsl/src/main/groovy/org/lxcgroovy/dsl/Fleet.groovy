package org.lxcgroovy.dsl

import java.time.Duration
import java.time.Instant
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ScheduledFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.IdMap
import org.lxcgroovy.engine.groovy.NamedOptions
import org.lxcgroovy.engine.LxcException

/**
 * Runs a body once per container, {@code parallel} at a time, each on its own thread with a {@link FleetMember}
 * as delegate. A container's failure is recorded in its result and never stops the others. Containers the body
 * started through {@code ensureRunning()} are shut down afterwards ({@code shutdown}, else {@code stop}) and those
 * it thawed are frozen again, also when the body failed or timed out, and also when the JVM is asked to exit
 * (Ctrl-C, SIGTERM) mid-run. With {@code snapshot: true} a failed body is rolled back instead ({@link SnapshotGuard}).
 * With {@code check: true} nothing in the containers is changed: see {@link InContainer} (the guard is skipped too).
 */
class Fleet {
    static final int MAX_PARALLEL = 64
    /** After its deadline a body gets this long to notice (a command's own timeout) before it is interrupted. */
    static final long GRACE_SECONDS = 5

    static final Set<String> OPTIONS = ['parallel', 'timeout', 'shutdownTimeout', 'quiet', 'snapshot', 'keepSnapshots', 'check'] as Set

    private final Map<String, Object> options
    private final int parallel
    private final Long timeoutSeconds
    private final int shutdownTimeout
    private final boolean quiet
    private final boolean check
    private final SnapshotGuard guard
    private final Closure<Void> printer
    private final PrintStream terminal
    private final FleetProgress watcher
    /** Called with the report so far when the JVM is told to exit mid-run (SIGTERM, Ctrl-C). */
    private Closure<?> whenStopped
    /** What shows the run where there is no terminal, instead of plain lines (the journal's entries); null: plain. */
    private FleetProgress shownPlain
    private volatile boolean stopping
    /** Where this run records what it must undo ({@link RunJournal}), and what killed runs left. */
    private RunJournal journal = RunJournal.NONE
    private List<RunJournal.DeadRun> deadRuns = []

    Fleet(Map options, Closure<Void> printer) {
        this(options, printer, null)
    }

    /**
     * Options: {@code parallel} (containers at a time; default all, at most 64), {@code timeout} (seconds per
     * container), {@code shutdownTimeout} (seconds for a clean halt of what the run started; default 30),
     * {@code quiet} (no progress lines), {@code snapshot} and {@code keepSnapshots} (guarded maintenance, see
     * {@link SnapshotGuard}), {@code check} (change nothing, report what would change). {@code printer} takes each line the run prints; with a
     * {@code terminal} (and not quiet) progress is shown live there instead.
     */
    Fleet(Map options, Closure<Void> printer, PrintStream terminal) {
        this(options, printer, terminal, null)
    }

    /** As above; {@code watcher}, when given, is told every event too (the host mode keeps the run's progress). */
    Fleet(Map options, Closure<Void> printer, PrintStream terminal, FleetProgress watcher) {
        NamedOptions.check('fleet', options, OPTIONS)
        this.options = new LinkedHashMap<String, Object>(options)
        this.parallel = options.parallel == null ? MAX_PARALLEL : options.parallel as int
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, not ${options.parallel}")
        }
        this.timeoutSeconds = options.timeout == null ? null : Math.ceil(options.timeout as double) as Long
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeout must be a positive number of seconds, not ${options.timeout}")
        }
        this.shutdownTimeout = options.shutdownTimeout == null ? 30 : options.shutdownTimeout as int
        this.quiet = options.quiet as boolean
        this.check = options.check as boolean
        this.guard = SnapshotGuard.of(options, shutdownTimeout)
        this.printer = printer
        this.terminal = terminal
        this.watcher = watcher
    }

    /** {@code handler} gets the report so far if the JVM is told to exit during the run. */
    Fleet whenStopped(Closure<?> handler) {
        this.whenStopped = handler
        this
    }

    /**
     * {@code journal} records what this run starts, thaws, freezes and guards; {@code deadRuns} (what killed runs
     * left) are taken over where this run finds them: see {@link #takeOver}.
     */
    Fleet journaled(RunJournal journal, List<RunJournal.DeadRun> deadRuns) {
        this.journal = journal
        this.deadRuns = deadRuns
        this
    }

    /** {@code progress} shows this run instead of plain lines when there is no terminal. */
    Fleet showPlainAs(FleetProgress progress) {
        this.shownPlain = progress
        this
    }

    FleetReport run(List<Container> targets, Closure body) {
        long t0 = System.nanoTime()
        Instant startedAt = Instant.now()
        List<FleetResult> results = targets.collect { new FleetResult(it.name, t0) }
        if (targets.isEmpty()) {
            return new FleetReport(results, Duration.ZERO, options, startedAt)
        }
        def names = targets*.name
        def dup = names.findAll { n -> names.count(n) > 1 }.unique()
        if (dup) {
            throw new IllegalArgumentException("a fleet names each container once; twice: ${dup.join(', ')}")
        }
        FleetProgress shown = terminal != null && !quiet ? FleetProgress.live(terminal, names)
                : shownPlain ?: FleetProgress.plain(printer, quiet)
        FleetProgress progress = watcher != null ? FleetProgress.both(shown, watcher) : shown
        int threads = Math.min(Math.min(parallel, MAX_PARALLEL), targets.size())
        AtomicInteger counter = new AtomicInteger()
        results.each { it.listen(progress) }
        ExecutorService pool = Executors.newFixedThreadPool(threads) { Runnable r ->
            Thread t = new Thread(r, "fleet-${counter.incrementAndGet()}")
            t.daemon = true
            t
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor { Runnable r ->
            Thread t = new Thread(r, 'fleet-watchdog')
            t.daemon = true
            t
        }
        Thread exitHook = new Thread({ onExit(pool, results, t0, startedAt) } as Runnable, 'fleet-exit')
        Runtime.runtime.addShutdownHook(exitHook)
        try {
            List<Future<?>> futures = []
            targets.eachWithIndex { Container c, int i ->
                futures << pool.submit({ runOne(c, results[i], body, watchdog) } as Runnable)
            }
            futures.each { it.get() }
        } finally {
            progress.close()
            pool.shutdownNow()
            watchdog.shutdownNow()
            try {
                Runtime.runtime.removeShutdownHook(exitHook)
            } catch (IllegalStateException ignored) {
                // the JVM is already exiting: the hook is running and does the rest
            }
        }
        new FleetReport(results, Duration.ofNanos(System.nanoTime() - t0), options, startedAt)
    }

    private void runOne(Container c, FleetResult result, Closure body, ScheduledExecutorService watchdog) {
        long t0 = System.nanoTime()
        result.begin()
        Thread worker = Thread.currentThread()
        ScheduledFuture<?> alarm = timeoutSeconds == null ? null
                : watchdog.schedule({ worker.interrupt() } as Runnable, timeoutSeconds + GRACE_SECONDS, TimeUnit.SECONDS)
        FleetMember member = new FleetMember(c, result, timeoutSeconds, check, journal)
        SnapshotGuard.Taken taken = null
        ContainerClaim claim = null
        try {
            claim = ContainerClaim.take(c, journal.holder, timeoutSeconds == null ? null : t0 + timeoutSeconds * 1_000_000_000L)
            takeOver(c, result)
            result.unprivileged = unprivileged(c)
            if (guard != null && check) {
                result.step(StepKind.SKIPPED, 'guard snapshot (and any rollback)') { FleetStep s -> s.outcome = 'check mode' }
            } else if (guard != null) {
                taken = result.step(StepKind.SNAPSHOT, 'snapshot') { FleetStep s ->
                    SnapshotGuard.Taken t = guard.take(c, result)
                    s.snapshot = t.name
                    t
                }
                journal.guarded(c, taken.name, taken.foundRunning)
                journal.bodyBegun(c)
            }
            member.bind { member.call(body) }
            result.ok = true
        } catch (Throwable e) {
            result.ok = false
            result.timedOut = e instanceof FleetTimeoutException || (e instanceof InterruptedException && timeoutSeconds != null)
            result.error = oneLine(e)
            if (stopping) {
                result.timedOut = false
                result.error = "stopped: the command was told to exit (${result.error})"
            } else if (e instanceof InterruptedException && result.timedOut) {
                result.error = "timeout of $timeoutSeconds s reached (the body did not stop by itself)"
            }
        } finally {
            alarm?.cancel(false)
            Thread.interrupted()   // a late alarm must not break the shutdown below
            member.finish()
            if (taken != null && !result.ok) {
                result.step(StepKind.ROLLBACK, "roll back to ${taken.name}".toString()) { FleetStep s ->
                    guard.rollBack(c, result, taken)
                    s.ok = result.rolledBack != null
                }
                if (result.rolledBack != null) {
                    journal.stopped(c)
                    journal.bodyEnded(c)
                }
            } else if (result.startedByRun) {
                shutDown(c, result)
            } else if (result.thawedByRun) {
                refreeze(c, result)
            }
            if (taken != null && result.ok) {
                journal.bodyEnded(c)
                resolveGuardedBodies(c)
                result.step(StepKind.PRUNE, 'prune old guard snapshots') { guard.prune(c, result) }
            }
            claim?.close()
            result.end(Duration.ofNanos(System.nanoTime() - t0))
        }
    }

    /**
     * Takes over what killed runs left of {@code c} (checked against the container now), as they would have
     * finished: a container one started is shut down after this run's body; one it thawed is frozen again; one its
     * body froze is thawed. A guarded body one was in is only noted: its snapshot stays for
     * {@code lxc-groovy recover --rollback}, until a guarded body of this run ends well on the container.
     * In check mode nothing is taken over, only noted.
     */
    private void takeOver(Container c, FleetResult result) {
        for (RunJournal.DeadRun dead : deadRuns) {
            for (RunJournal.Leftover l : dead.leftovers.findAll { it.isOf(c) }) {
                if (l.kind == RunJournal.Kind.MID_BODY || check) {
                    result.note("killed ${dead.describe()} left it: ${l.describe()}" +
                            (l.kind == RunJournal.Kind.MID_BODY ? '; `lxc-groovy recover --rollback` restores that snapshot' : ''))
                    continue
                }
                if (!l.holds(c)) {
                    dead.resolve(l, 'found otherwise since')
                    continue
                }
                switch (l.kind) {
                    case RunJournal.Kind.STARTED:
                        journal.started(c)
                        result.startedByRun = true
                        result.note("started by killed ${dead.describe()}: shut down after this run's body, as that run would have")
                        break
                    case RunJournal.Kind.THAWED:
                        journal.thawing(c)
                        result.thawedByRun = true
                        result.note("thawed by killed ${dead.describe()}: frozen again after this run's body, as that run would have")
                        break
                    case RunJournal.Kind.FROZEN:
                        c.unfreeze()
                        result.note("frozen by killed ${dead.describe()}: thawed")
                        break
                }
                dead.resolve(l, journal.holder)
            }
        }
    }

    /** A guarded body of this run ended well on {@code c}: a killed run's half-done body there is overtaken. */
    private void resolveGuardedBodies(Container c) {
        deadRuns.each { RunJournal.DeadRun dead ->
            dead.leftovers.findAll { it.isOf(c) && it.kind == RunJournal.Kind.MID_BODY }.each { dead.resolve(it, journal.holder) }
        }
    }

    /** For the report; a container that cannot tell (not defined) fails in its body with the reason. */
    private static boolean unprivileged(Container c) {
        try {
            !IdMap.of(c).isEmpty()
        } catch (LxcException ignored) {
            false
        }
    }

    /** Halts what the run started: a clean shutdown, else a kill. */
    private void shutDown(Container c, FleetResult result) {
        undo(result, StepKind.SHUTDOWN, 'shut down') {
            String done = 'shut down'
            if (!c.shutdown(shutdownTimeout)) {
                c.stop()
                done = "stopped (no clean halt within $shutdownTimeout s)".toString()
            }
            journal.stopped(c)
            done
        }
    }

    /** Freezes again what the run thawed. */
    private void refreeze(Container c, FleetResult result) {
        undo(result, StepKind.FREEZE, 'freeze again') {
            c.freeze()
            journal.refrozen(c)
            'frozen again'
        }
    }

    /**
     * Puts a container back as the run found it, as a step of kind {@code kind}: {@code action} returns the line for
     * the report. A failure is recorded ("shutting down failed: ...") and fails a container that was ok ("could not
     * {@code verb} after the job").
     */
    private static void undo(FleetResult result, StepKind kind, String verb, Closure<String> action) {
        result.step(kind, verb) { FleetStep s ->
            try {
                String done = action.call()
                s.outcome = done
                result.note(done)
            } catch (Exception e) {
                s.ok = false
                s.error = oneLine(e)
                result.note("${kind.doing} failed: ${oneLine(e)}".toString())
                if (result.ok) {
                    result.ok = false
                    result.error = "could not $verb after the job: ${oneLine(e)}"
                }
            }
        }
    }

    /** The JVM is exiting mid-run: stop the bodies and let their finally blocks shut down what they started. */
    private void onExit(ExecutorService pool, List<FleetResult> results, long t0, Instant startedAt) {
        stopping = true
        pool.shutdownNow()
        pool.awaitTermination(shutdownTimeout + 10, TimeUnit.SECONDS)
        results.findAll { !it.ok && it.error == null }.each { it.error = 'not run: the run was stopped before its turn' }
        whenStopped?.call(new FleetReport(results, Duration.ofNanos(System.nanoTime() - t0), options, startedAt))
    }

    /**
     * An exception as one report line: an LxcException's message already says operation, container and reason. A
     * class whose start failed before says only "Could not initialize class X"; the JVM keeps that first failure
     * as the cause (JNA's stub that could not be mapped, say), and the line says it too.
     */
    static String oneLine(Throwable e) {
        String m = (e.message ?: '').readLines().join(' ')
        String line = e instanceof LxcException ? m : m ? "${e.class.simpleName}: $m" : e.class.simpleName
        Throwable first = e instanceof NoClassDefFoundError ? e.cause : null
        first instanceof ExceptionInInitializerError && first.message ? "${line} (${first.message.readLines().join(' ')})" : line
    }
}
