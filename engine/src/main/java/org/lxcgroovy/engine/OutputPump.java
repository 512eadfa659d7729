package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The threads that move an attached command's bytes: one drains each output pipe to its end into its target
 * (captured, a stream, a line handler), so no amount of output can block the command; one feeds its stdin from a
 * stream. They run on daemon threads of their own, never on the caller's.
 */
final class OutputPump implements Runnable {
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lxc-attach-io");
        t.setDaemon(true);
        return t;
    });

    private final int fd;
    private final Output target;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LineSplitter lines;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long stopAt = Long.MAX_VALUE;

    /** Reads {@code fd} (which it then owns) into {@code target} once {@link #start()}ed. */
    OutputPump(int fd, Output target) {
        this.fd = fd;
        this.target = target;
        this.lines = target.kind == Output.Kind.LINES ? new LineSplitter(target.lines) : null;
    }

    void start() {
        IO.execute(this);
    }

    @Override
    public void run() {
        byte[] buf = new byte[65536];
        try {
            while (true) {
                if (!Posix.pollIn(fd, 50)) {
                    if (System.nanoTime() > stopAt) {
                        break;
                    }
                    continue;
                }
                long n = Posix.read(fd, buf);
                if (n <= 0) {
                    break;
                }
                accept(buf, (int) n);
            }
        } catch (RuntimeException | IOException ignored) {
            // a failing sink must not hang the command; what was read so far stays
        } finally {
            Posix.closeQuietly(fd);
            if (lines != null) {
                lines.finish();
            }
            done.countDown();
        }
    }

    private void accept(byte[] buf, int n) throws IOException {
        switch (target.kind) {
            case CAPTURE -> captured.write(buf, 0, n);
            case STREAM -> {
                OutputStream os = target.stream;
                os.write(buf, 0, n);
                os.flush();
            }
            case LINES -> lines.accept(buf, n);
            default -> throw new IllegalStateException(target.toString());
        }
    }

    /** Output that comes after {@code nanoTime} (from what the command left running) is not waited for. */
    void finishBy(long nanoTime) {
        stopAt = nanoTime;
    }

    void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What was captured, as UTF-8 text. */
    String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code in} to {@code fd} (which it then owns) until either ends. */
    static void feed(InputStream in, int fd) {
        IO.execute(() -> {
            byte[] buf = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    Posix.writeFully(fd, buf, n);
                }
            } catch (IOException | LastErrorException ignored) {
                // the command closed its stdin early: it did not want the rest
            } finally {
                Posix.closeQuietly(fd);
            }
        });
    }

    /** Splits UTF-8 bytes into lines for a line handler; a last line without newline is delivered at the end. */
    private static final class LineSplitter {
        private final Consumer<String> handler;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> handler) {
            this.handler = handler;
        }

        void accept(byte[] buf, int n) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    pending.write(buf, from, i - from);
                    handler.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                    from = i + 1;
                }
            }
            pending.write(buf, from, n - from);
        }

        void finish() {
            if (pending.size() > 0) {
                handler.accept(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }
    }
}
