package org.lxcgroovy.engine;

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
 */
final class Handles {
    private final ReentrantLock lock = new ReentrantLock();
    private final SpareHandles spares = new SpareHandles();
    private volatile String name;
    private volatile LxcHandle primary;
    private volatile boolean closed;
    /** The primary handle holds configuration not yet saved to the container's config file (under the lock). */
    private boolean unsaved;

    Handles(String name, LxcHandle primary) {
        this.name = name;
        this.primary = primary;
    }

    String name() {
        return name;
    }

    /** {@code body} on the primary handle, under the lock. */
    <T> T with(Function<LxcHandle, T> body) {
        lock.lock();
        try {
            ensureOpen();
            return body.apply(primary);
        } finally {
            lock.unlock();
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
        with(h -> {
            long mark = LxcLog.mark();
            if (!call.test(h)) {
                throw failure(operation, kind, mark, h, 0);
            }
            return null;
        });
    }

    /** A call returning something; null is a failure. */
    <T> T value(String operation, Function<LxcHandle, T> call) {
        return value(operation, LxcException.Kind.FAILED, call);
    }

    /** A call returning something; null is a failure of kind {@code kind} unless liblxc's reason shows another. */
    <T> T value(String operation, LxcException.Kind kind, Function<LxcHandle, T> call) {
        return with(h -> {
            long mark = LxcLog.mark();
            T v = call.apply(h);
            if (v == null) {
                throw failure(operation, kind, mark, h, 0);
            }
            return v;
        });
    }

    /** A call returning a count, a descriptor or 0; negative is a failure, {@code -errno} where it is below -1. */
    int count(String operation, ToIntFunction<LxcHandle> call) {
        return with(h -> {
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
        return with(LxcHandle::get_config_path);
    }

    /** A handle no other thread uses, for calls that fork (attach) or block (waits): see SpareHandles. */
    <T> T withSpare(Function<LxcHandle, T> body) {
        return spares.with(name, configPath(), body);
    }

    /** After a change of the container's identity or files: pooled spare handles are stale. */
    void retireSpares() {
        spares.retire();
    }

    /** Holds the lock across several calls (create, rename, a tool run) so no other call sees them half done. */
    void lock() {
        lock.lock();
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
