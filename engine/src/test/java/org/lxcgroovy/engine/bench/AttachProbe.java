package org.lxcgroovy.engine.bench;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.lxcgroovy.engine.AttachOptions;
import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.Output;

/**
 * One engine configuration of {@link AttachLatencyBench}, in the JVM the bench started with the heap and attach
 * mode to measure. Prints one line: median and p99 of a single attach (ms), the wall time of 64 attaches started at
 * once (s), attaches per second with 64 threads over 10 s, and the worst and p99 delay (ms) of a probe thread that
 * touches a fresh page every millisecond while the 64 run. Usage: AttachProbe NAME.
 */
public final class AttachProbe {
    private static final AttachOptions QUIET = AttachOptions.builder().stdout(Output.discard()).stderr(Output.discard()).build();
    private static final int CONCURRENT = 64;

    private AttachProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Container c = new Container(args[0])) {
            for (int i = 0; i < AttachLatencyBench.WARMUP; i++) {
                attach(c);
            }
            List<Double> single = new ArrayList<>();
            for (int i = 0; i < AttachLatencyBench.ROUNDS; i++) {
                long t0 = System.nanoTime();
                attach(c);
                single.add((System.nanoTime() - t0) / 1e6);
            }
            single.sort(null);

            StallProbe stalls = StallProbe.start();
            double burst = burst(c);
            double rate = rate(c, 10);
            List<Double> delays = stalls.stop();
            System.out.printf(Locale.ROOT, "%.3f %.3f %.3f %.1f %.2f %.2f%n", single.get(single.size() / 2),
                    single.get(single.size() * 99 / 100), burst, rate, delays.get(delays.size() - 1),
                    delays.get(delays.size() * 99 / 100));
        }
    }

    private static void attach(Container c) {
        if (c.attachWait(QUIET, List.of("true")) != 0) {
            throw new IllegalStateException("an attach of true failed");
        }
    }

    /** Seconds from the release of 64 threads to the end of the last one's attach. */
    private static double burst(Container c) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            threads.add(started(() -> {
                await(go);
                attach(c);
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Attaches per second that 64 threads complete in {@code seconds}. */
    private static double rate(Container c, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            threads.add(started(() -> {
                while (!stop.get()) {
                    attach(c);
                    done.incrementAndGet();
                }
            }));
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long n = done.get();
        double took = (System.nanoTime() - t0) / 1e9;
        for (Thread t : threads) {
            t.join();
        }
        return n / took;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    /**
     * A thread that sleeps 1 ms and touches a page of memory it has never touched, over and over: each touch is a
     * page fault, which waits for the mmap lock a fork of this JVM holds. Its delays beyond the 1 ms it asked for
     * are what the rest of a JVM suffers from the attaches around it.
     */
    private static final class StallProbe {
        private static final long PAGE = 4096;
        private final Memory region = new Memory(1L << 30);   // malloc'd by mmap: untouched until written
        private final List<Double> delays = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread = new Thread(this::loop, "stall-probe");

        static StallProbe start() {
            StallProbe p = new StallProbe();
            p.thread.start();
            return p;
        }

        private void loop() {
            long offset = 0;
            long last = System.nanoTime();
            while (!stop.get()) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                region.setByte(offset, (byte) 1);
                offset = (offset + PAGE) % region.size();
                long now = System.nanoTime();
                delays.add(Math.max(0, (now - last) / 1e6 - 1));
                last = now;
            }
        }

        List<Double> stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            delays.sort(null);
            return delays;
        }
    }
}
