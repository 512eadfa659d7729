package org.lxcgroovy.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * A {@link Container}'s liblxc handles: one primary handle under a lock (it holds the unsaved configuration), and
 * spare handles for calls that fork or block. Here a handle is opened ({@link #open}) and a call on one is made
 * and checked: mark liblxc's log, call, and on failure throw with liblxc's reason ({@link LxcFailure}) and the
 * kind of failure the caller names.
 *
 * <p>A call that may ask the container's monitor ({@link #ask}, {@link #must}, {@link #value}, {@link #count},
 * {@link #withSpare}) is made only once the monitor has answered a bounded probe ({@link MonitorProbe}): liblxc
 * waits for the monitor without a bound. Calls that liblxc answers from the handle and the container's files
 * ({@link #with}, {@link #mustLocal}, {@link #valueLocal}) are not probed. Should a monitor stop answering between a
 * probe and the call, the call holds the lock: the calls that wait for it give up once it has waited longer than
 * the probe's bound, naming the monitor.
 */
final class Handles {
    private final ReentrantLock lock = new ReentrantLock();
    private final SpareHandles spares = new SpareHandles();
    private volatile String name;
    private volatile LxcHandle primary;
    private volatile boolean closed;
    /** The primary handle holds configuration not yet saved to the container's config file (under the lock). */
    private boolean unsaved;
    /** System.nanoTime() when the call now holding the lock began to ask the monitor; 0 when none does. */
    private volatile long askingSince;

    Handles(String name, LxcHandle primary) {
        this.name = name;
        this.primary = primary;
    }

    String name() {
        return name;
    }

    /** {@code body} on the primary handle, under the lock: a call liblxc answers without asking the monitor. */
    <T> T with(String operation, Function<LxcHandle, T> body) {
        acquire(operation);
        try {
            ensureOpen();
            return body.apply(primary);
        } finally {
            lock.unlock();
        }
    }

    /** {@code body} on the primary handle, under the lock, once the container's monitor answers (or none runs). */
    <T> T ask(String operation, Function<LxcHandle, T> body) {
        requireMonitor(operation);
        return with(operation, h -> {
            askingSince = System.nanoTime();
            try {
                return body.apply(h);
            } finally {
                askingSince = 0;
            }
        });
    }

    /** Returns once the container's monitor answers, or at once when none runs; else TIMED_OUT naming {@code operation}. */
    void requireMonitor(String operation) {
        MonitorProbe.require(operation, name, configPath(), MonitorProbe.TIMEOUT);
    }

    /** Takes the lock; waits without a bound unless its holder has waited longer than the probe's for the monitor. */
    private void acquire(String operation) {
        try {
            while (!lock.tryLock(250, TimeUnit.MILLISECONDS)) {
                long since = askingSince;
                if (since != 0 && System.nanoTime() - since > MonitorProbe.TIMEOUT.toNanos()) {
                    throw new LxcException(LxcException.Kind.TIMED_OUT, operation, name, "an earlier call on the "
                            + "container has waited more than " + LxcTool.seconds(MonitorProbe.TIMEOUT)
                            + " s for the container's monitor, which stopped answering during it");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LxcException(LxcException.Kind.FAILED, operation, name, "interrupted while waiting for another call on the container", e);
        }
    }

    /**
     * Opens liblxc's handle of container {@code name} in {@code configPath} (null: the default), or throws with
     * liblxc's reason as a failure of {@code operation}.
     */
    static LxcHandle open(String operation, String name, String configPath) {
        long mark = LxcLog.mark();
        LxcHandle h = LxcHandle.lxc_container_new(name, configPath);
        if (h == null) {
            String reason = LxcLog.reasonSince(mark, name);
            throw new LxcException(LxcException.Kind.FAILED, operation, name, reason != null ? reason
                    : "liblxc could not open it in " + (configPath == null ? Lxc.defaultConfigPath() : configPath));
        }
        return h;
    }

    /** A bool-returning call; false is a failure ({@code FAILED} unless liblxc's reason shows another kind). */
    void must(String operation, Predicate<LxcHandle> call) {
        must(operation, LxcException.Kind.FAILED, call);
    }

    /** A bool-returning call; false is a failure of kind {@code kind} unless liblxc's reason shows another. */
    void must(String operation, LxcException.Kind kind, Predicate<LxcHandle> call) {
        ask(operation, succeeded(operation, kind, call));
    }

    /** {@link #must} for a call liblxc answers from the handle and the container's files (configuration). */
    void mustLocal(String operation, LxcException.Kind kind, Predicate<LxcHandle> call) {
        with(operation, succeeded(operation, kind, call));
    }

    private Function<LxcHandle, Void> succeeded(String operation, LxcException.Kind kind, Predicate<LxcHandle> call) {
        return h -> {
            long mark = LxcLog.mark();
            if (!call.test(h)) {
                throw failure(operation, kind, mark, h, 0);
            }
            return null;
        };
    }

    /** A call returning something; null is a failure. */
    <T> T value(String operation, Function<LxcHandle, T> call) {
        return value(operation, LxcException.Kind.FAILED, call);
    }

    /** A call returning something; null is a failure of kind {@code kind} unless liblxc's reason shows another. */
    <T> T value(String operation, LxcException.Kind kind, Function<LxcHandle, T> call) {
        return ask(operation, nonNull(operation, kind, call));
    }

    /** {@link #value} for a call liblxc answers from the handle and the container's files (configuration). */
    <T> T valueLocal(String operation, LxcException.Kind kind, Function<LxcHandle, T> call) {
        return with(operation, nonNull(operation, kind, call));
    }

    private <T> Function<LxcHandle, T> nonNull(String operation, LxcException.Kind kind, Function<LxcHandle, T> call) {
        return h -> {
            long mark = LxcLog.mark();
            T v = call.apply(h);
            if (v == null) {
                throw failure(operation, kind, mark, h, 0);
            }
            return v;
        };
    }

    /** A call returning a count, a descriptor or 0; negative is a failure, {@code -errno} where it is below -1. */
    int count(String operation, ToIntFunction<LxcHandle> call) {
        return ask(operation, h -> {
            long mark = LxcLog.mark();
            int rc = call.applyAsInt(h);
            if (rc < 0) {
                throw failure(operation, LxcException.Kind.FAILED, mark, h, rc);
            }
            return rc;
        });
    }

    /** liblxc's reason for a call on {@code h} begun at {@code mark} that failed: see {@link LxcFailure}. */
    LxcException failure(String operation, LxcException.Kind kind, long mark, LxcHandle h, int negativeErrno) {
        return LxcFailure.of(operation, name, mark, h, negativeErrno, kind);
    }

    /** liblxc's waits take whole seconds, -1 for "forever" (null); a partial second is waited in full. */
    static int seconds(java.time.Duration timeout) {
        return timeout == null ? -1 : (int) Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000);
    }

    /** The config path (lxcpath) of the container. */
    String configPath() {
        return with("configPath", LxcHandle::get_config_path);
    }

    /**
     * A handle no other thread uses, for calls that fork (attach) or block (waits): see SpareHandles. They ask the
     * monitor, so it is probed first.
     */
    <T> T withSpare(String operation, Function<LxcHandle, T> body) {
        requireMonitor(operation);
        return spares.with(name, configPath(), body);
    }

    /** After a change of the container's identity or files: pooled spare handles are stale. */
    void retireSpares() {
        spares.retire();
    }

    /** Holds the lock across several calls (create, rename, a tool run) so no other call sees them half done. */
    void lock() {
        acquire("a change of several steps");
        try {
            ensureOpen();
        } catch (RuntimeException e) {
            lock.unlock(); // the caller's finally is not reached when this throws
            throw e;
        }
    }

    void unlock() {
        lock.unlock();
    }

    /** Whether the primary handle holds configuration the container's config file does not. */
    boolean unsaved() {
        lock.lock();
        try {
            return unsaved;
        } finally {
            lock.unlock();
        }
    }

    void unsaved(boolean value) {
        lock.lock();
        try {
            unsaved = value;
        } finally {
            lock.unlock();
        }
    }

    /** Under {@link #lock()}: drops the in-memory configuration for the config file's (after create, restore). */
    void reloadConfig() {
        primary.clear_config();
        primary.load_config(null);
        unsaved = false;
        spares.retire();
    }

    /** Under {@link #lock()}: the primary handle itself. */
    LxcHandle primary() {
        return primary;
    }

    /** Under {@link #lock()}: this container is {@code newName} now, reached through {@code renamed}. */
    void renamed(String newName, LxcHandle renamed) {
        primary.close();
        primary = renamed;
        name = newName;
        unsaved = false;
        spares.retire();
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("container '" + name + "' was closed");
        }
    }

    /** Puts back every reference. Idempotent. */
    void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                primary.close();
                spares.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
