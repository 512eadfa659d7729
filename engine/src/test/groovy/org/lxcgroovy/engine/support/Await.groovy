package org.lxcgroovy.engine.support

import java.util.concurrent.TimeUnit

/** Bounded waits for a figure that settles (threads ending, descriptors closing, a file rewritten by another process). */
final class Await {
    private Await() {
    }

    /**
     * What {@code probe} reads once it equals {@code wanted}, or what it reads after {@code seconds}: the caller
     * asserts on it, so a figure that never settles fails with its last value.
     */
    static <T> T settled(T wanted, int seconds, Closure<T> probe) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        T now = probe()
        while (now != wanted && System.nanoTime() < giveUp) {
            Thread.sleep(50)
            now = probe()
        }
        now
    }
}
