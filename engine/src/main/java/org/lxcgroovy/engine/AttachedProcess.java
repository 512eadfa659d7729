package org.lxcgroovy.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command running inside a container, started by {@link Container#attach} through the attach helper (a process
 * of the engine's that forks instead of the JVM, and reports how the command ended). The engine holds a pidfd of
 * it (so waits can time out and a kill can never hit a recycled pid) and drains its output pipes on their own
 * threads (so no amount of output can block it).
 *
 * <p>Threads: every method may be called from any thread. {@link #waitFor} callers are served one at a time and
 * all get the same result. {@link #kill()} may come from another thread at any moment, also while a
 * {@code waitFor} is in progress, which then returns at once with the signal; once the process has been reaped a
 * kill does nothing (its pid may already belong to someone else).
 *
 * <p>A command nobody waits for is reaped as soon as it exits (by the helper; in the in-process mode of the
 * benchmarks by the engine, within 0.1 s): an unreaped child in a container's pid namespace keeps that container's
 * init from exiting, which would hang {@code stop()} forever.
 */
public final class AttachedProcess {
    /** How long output may still arrive after the command exited, from what it left running. */
    private static final long DRAIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String container;
    private final List<String> command;
    private final int pid;
    private final int pidfd;
    private final long startNanos;
    private final Duration timeout;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final List<OutputPump> drains;
    /** The helper's report of the wait status; null in the in-process mode, where the JVM reaps its own child. */
    private final CompletableFuture<Integer> reported;
    /** Guards the pid and pidfd against a kill racing the reap: held briefly, never while waiting. */
    private final Object reapLock = new Object();
    private boolean reaped;
    /** A {@link #waitFor} is in progress: the reaper leaves the process to it. */
    private boolean waiting;
    /** The wait status and when it was collected, once reaped. */
    private int status;
    private long reapedNanos;
    private ExecResult result;
    /** Why the status could not be collected, when it could not. */
    private LxcException failure;

    /**
     * Started by {@link AttachLaunch}. Its status is {@code reported} by the helper, or (null) collected by the JVM,
     * whose {@link UnwaitedReaper} watches it until somebody waits.
     */
    AttachedProcess(String container, List<String> command, int pid, int pidfd, CompletableFuture<Integer> reported,
                    long startNanos, Duration timeout, OutputPump stdout, OutputPump stderr) {
        this.container = container;
        this.command = command;
        this.pid = pid;
        this.pidfd = pidfd;
        this.reported = reported;
        this.startNanos = startNanos;
        this.timeout = timeout;
        this.stdout = stdout;
        this.stderr = stderr;
        this.drains = new ArrayList<>();
        if (stdout != null) {
            drains.add(stdout);
        }
        if (stderr != null) {
            drains.add(stderr);
        }
        if (reported == null) {
            UnwaitedReaper.watch(this);
        } else {
            reported.whenComplete((exitStatus, error) -> reapIfUnwaited());
        }
    }

    /** The process id, as the host sees it. */
    public int pid() {
        return pid;
    }

    public List<String> command() {
        return command;
    }

    /** Waits, up to the options' timeout, and returns what the command did. */
    public ExecResult waitFor() {
        return waitFor(timeout);
    }

    /**
     * Waits at most {@code limit} (null = forever). At the limit the command and everything it started are killed
     * and the result says {@code timedOut}. An interrupt kills it too and is passed on.
     */
    public synchronized ExecResult waitFor(Duration limit) {
        if (result != null) {
            return result;
        }
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        boolean timedOut = false;
        boolean interrupted = false;
        boolean reapedAlready;
        synchronized (reapLock) {
            waiting = true;
            reapedAlready = reaped;
        }
        while (!reapedAlready) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                kill();
                timedOut = true;
                break;
            }
            if (Posix.pollIn(pidfd, (int) Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200))) {
                break;
            }
            if (Thread.interrupted()) {
                kill();
                interrupted = true;
                break;
            }
            if (reported != null && reported.isCompletedExceptionally()) {
                break; // the helper ended: nobody will report this command's end
            }
        }
        synchronized (reapLock) {
            if (!reaped) {
                try {
                    reap();
                } catch (LxcException e) {
                    failure = e;
                }
            }
        }
        Duration took = Duration.ofNanos(reapedNanos - startNanos);
        long stopAt = System.nanoTime() + DRAIN_GRACE_NANOS;
        for (OutputPump d : drains) {
            d.finishBy(stopAt);
        }
        for (OutputPump d : drains) {
            d.await();
        }
        if (failure != null) {
            throw failure;
        }
        int exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1;
        int signal = (status & 0x7f) == 0 ? 0 : status & 0x7f;
        result = new ExecResult(exit, signal, stdout == null ? "" : stdout.text(), stderr == null ? "" : stderr.text(),
                took, timedOut);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /**
     * Under reapLock, once the process has exited: collects its status and lets go of its pid. Throws when the
     * helper ended before it could report the status (the process is gone, how it ended is not known).
     */
    private void reap() {
        try {
            status = reported == null ? Posix.waitpid(pid) : reportedStatus();
        } finally {
            reapedNanos = System.nanoTime();
            reaped = true;
            Posix.closeQuietly(pidfd);
            UnwaitedReaper.forget(this);
        }
    }

    /** The helper reports right after the exit it reaped; a report that does not come is a failure of the helper. */
    private int reportedStatus() {
        try {
            return reported.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Posix.killTree(pid, pidfd); // unwatched from now on: it must not run on
            throw new LxcException(LxcException.Kind.FAILED, "attach", container, e.getCause().getMessage() + " (" + command + ")");
        } catch (TimeoutException e) {
            throw new LxcException(LxcException.Kind.TIMED_OUT, "attach", container,
                    "the attach helper did not report how " + command + " ended within 10 s of its exit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxcException(LxcException.Kind.FAILED, "attach", container, "interrupted while collecting " + command);
        }
    }

    /**
     * Reaps the command if it exited and nobody waits (the {@link UnwaitedReaper}, or the helper's report); true when
     * it is done with it.
     */
    boolean reapIfUnwaited() {
        synchronized (reapLock) {
            if (waiting || reaped) {
                return true;
            }
            if (Posix.pollIn(pidfd, 0) || (reported != null && reported.isDone())) {
                try {
                    reap();
                } catch (LxcException unknownStatus) {
                    // nobody waits for it; a later waitFor reports the same failure from the result it keeps
                    failure = unknownStatus;
                }
                return true;
            }
            return false;
        }
    }

    /** Kills the command and everything it started; {@link #waitFor()} then reports the signal. */
    public void kill() {
        synchronized (reapLock) {
            if (!reaped) {
                Posix.killTree(pid, pidfd);
            }
        }
    }

    @Override
    public String toString() {
        return "AttachedProcess[" + container + " pid " + pid + " " + command + "]";
    }

}
