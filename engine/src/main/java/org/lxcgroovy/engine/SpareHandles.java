package org.lxcgroovy.engine;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * liblxc handles for calls that fork (attach, liblxc's own get_ips) or block (waits): each used by one thread at a
 * time, because a handle shared across a concurrent attach's fork is inherited with its lock held and deadlocks.
 * Pooled per container; a change of name or config path retires the pooled ones.
 */
final class SpareHandles {
    private final ConcurrentLinkedDeque<LxcHandle> pool = new ConcurrentLinkedDeque<>();
    /** Bumped when name or config path change, so handles of the old identity are not reused. */
    private volatile int identity;
    private volatile boolean closed;

    /** Runs {@code body} on a handle of container {@code name} in {@code configPath} that no other thread uses. */
    <T> T with(String name, String configPath, Function<LxcHandle, T> body) {
        int id = identity;
        LxcHandle h = pool.pollFirst();
        if (h == null) {
            h = Handles.open("open", name, configPath);
        }
        try {
            return body.apply(h);
        } finally {
            if (closed || id != identity) {
                h.close();
            } else {
                pool.offerFirst(h);
            }
        }
    }

    /** Puts back the pooled handles; handles in use are put back when their call ends. */
    void retire() {
        identity++;
        LxcHandle h;
        while ((h = pool.pollFirst()) != null) {
            h.close();
        }
    }

    void close() {
        closed = true;
        retire();
    }
}
