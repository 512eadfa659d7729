package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.lxcgroovy.engine.internal.jna.AttachOptionsStruct;
import org.lxcgroovy.engine.internal.jna.ForkChildGuard;
import org.lxcgroovy.engine.internal.jna.LibC;
import org.lxcgroovy.engine.internal.jna.LibLxc;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * A command running inside a container, started by {@link Container#attach}. It is a direct child of the JVM:
 * the engine waits on its pidfd (so waits can time out and a kill can never hit a recycled pid) and drains its
 * output pipes on their own threads (so no amount of output can block it).
 *
 * <p>Threads: every method may be called from any thread. {@link #waitFor} callers are served one at a time and
 * all get the same result. {@link #kill()} may come from another thread at any moment, also while a
 * {@code waitFor} is in progress, which then returns at once with the signal; once the process has been reaped a
 * kill does nothing (its pid may already belong to someone else).
 *
 * <p>A command nobody waits for is reaped by the engine once it exits (within 0.1 s): an unreaped child in a
 * container's pid namespace keeps that container's init from exiting, which would hang {@code stop()} forever.
 */
public final class AttachedProcess {
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lxc-attach-io");
        t.setDaemon(true);
        return t;
    });
    /** How long output may still arrive after the command exited, from what it left running. */
    private static final long DRAIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final String container;
    private final List<String> command;
    private final int pid;
    private final int pidfd;
    private final long startNanos;
    private final Duration timeout;
    private final Drain stdout;
    private final Drain stderr;
    private final List<Drain> drains;
    /** Guards the pid and pidfd against a kill racing the reap: held briefly, never while waiting. */
    private final Object reapLock = new Object();
    private boolean reaped;
    /** A {@link #waitFor} is in progress: the reaper leaves the process to it. */
    private boolean waiting;
    /** The wait status and when it was collected, once reaped. */
    private int status;
    private long reapedNanos;
    private ExecResult result;

    private AttachedProcess(String container, List<String> command, int pid, int pidfd, long startNanos,
                            Duration timeout, Drain stdout, Drain stderr) {
        this.container = container;
        this.command = command;
        this.pid = pid;
        this.pidfd = pidfd;
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
        }
        synchronized (reapLock) {
            if (!reaped) {
                reap();
            }
        }
        Duration took = Duration.ofNanos(reapedNanos - startNanos);
        long stopAt = System.nanoTime() + DRAIN_GRACE_NANOS;
        for (Drain d : drains) {
            d.finishBy(stopAt);
        }
        for (Drain d : drains) {
            d.await();
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

    /** Under reapLock, once the process has exited: collects its status and lets go of its pid. */
    private void reap() {
        status = Posix.waitpid(pid);
        reapedNanos = System.nanoTime();
        reaped = true;
        Posix.closeQuietly(pidfd);
        Reaper.UNWAITED.remove(this);
    }

    /** Reaps commands that exited while nobody waited for them; waitFor() later returns their result all the same. */
    private static final class Reaper {
        static final Set<AttachedProcess> UNWAITED = ConcurrentHashMap.newKeySet();

        static {
            Thread t = new Thread(Reaper::run, "lxc-attach-reaper");
            t.setDaemon(true);
            t.start();
        }

        static void watch(AttachedProcess p) {
            UNWAITED.add(p);
        }

        private static void run() {
            while (true) {
                for (AttachedProcess p : UNWAITED) {
                    synchronized (p.reapLock) {
                        if (p.waiting || p.reaped) {
                            UNWAITED.remove(p);
                        } else if (Posix.pollIn(p.pidfd, 0)) {
                            p.reap();
                        }
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
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

    /** Starts {@code command} in the container of {@code handle} (which the caller owns exclusively). */
    static AttachedProcess start(String container, LxcHandle handle, AttachOptions options, List<String> command,
                                 Pointer execFunction, Output defaultOut, Output defaultErr) {
        boolean shell = execFunction == LibLxc.ATTACH_RUN_SHELL;
        if (!shell && (command == null || command.isEmpty())) {
            throw new IllegalArgumentException("attach of container '" + container + "': no command given");
        }
        List<Integer> childFds = new ArrayList<>();
        List<Integer> parentFds = new ArrayList<>();
        Output out = options.stdout() != null ? options.stdout() : defaultOut;
        Output err = options.stderr() != null ? options.stderr() : defaultErr;
        Drain outDrain = null;
        Drain errDrain = null;
        InputStream feed = null;
        int feedFd = -1;
        try {
            int inFd;
            Input in = options.stdin() == null ? Input.none() : options.stdin();
            switch (in.kind) {
                case INHERIT -> inFd = 0;
                case FILE -> inFd = track(childFds, Posix.open(in.file.toString(), LibC.O_RDONLY, 0));
                case STREAM -> {
                    int[] p = Posix.pipe();
                    inFd = track(childFds, p[0]);
                    feedFd = track(parentFds, p[1]);
                    feed = in.stream;
                }
                default -> inFd = track(childFds, Posix.open("/dev/null", LibC.O_RDONLY, 0));
            }
            int[] outFd = new int[1];
            outDrain = target(out, 1, outFd, childFds, parentFds);
            int[] errFd = new int[1];
            errDrain = target(err, 2, errFd, childFds, parentFds);

            AttachOptionsStruct native_ = toNative(options).stdio(inFd, outFd[0], errFd[0]);
            Pointer cmd = shell ? null : AttachOptionsStruct.Command.of(command);
            IntByReference pidRef = new IntByReference(-1);
            long mark = LxcLog.mark();
            long start = System.nanoTime();
            boolean guarded = ForkChildGuard.installed();
            if (guarded) {
                ForkChildGuard.arm();
            } else {
                Posix.cloexecFromThree(); // leaves a window until liblxc's fork: see ForkChildGuard
            }
            int rc;
            try {
                rc = handle.attach(execFunction, cmd, native_.pointer(), pidRef);
            } finally {
                if (guarded) {
                    ForkChildGuard.disarm();
                }
            }
            childFds.forEach(Posix::closeQuietly);
            childFds.clear();
            if (rc != 0 || pidRef.getValue() <= 0) {
                boolean running = handle.is_running(); // asked once: it is a round trip to the container's monitor
                throw new LxcException(running ? LxcException.Kind.FAILED : LxcException.Kind.NOT_RUNNING,
                        "attach", container, reasonOrState(mark, container, handle, running));
            }
            int pid = pidRef.getValue();
            int pidfd = Posix.pidfdOpen(pid);
            parentFds.clear();
            if (feed != null) {
                startFeeder(feed, feedFd);
            }
            if (outDrain != null) {
                IO.execute(outDrain);
            }
            if (errDrain != null) {
                IO.execute(errDrain);
            }
            AttachedProcess p = new AttachedProcess(container, shell ? List.of() : List.copyOf(command), pid, pidfd, start,
                    options.timeout(), outDrain, errDrain);
            Reaper.watch(p);
            return p;
        } catch (RuntimeException e) {
            childFds.forEach(Posix::closeQuietly);
            parentFds.forEach(Posix::closeQuietly);
            throw e;
        }
    }

    private static String reasonOrState(long mark, String container, LxcHandle handle, boolean running) {
        String reason = LxcLog.reasonSince(mark, container);
        if (reason != null) {
            return reason;
        }
        return running ? "liblxc gave no reason" : "container is not running (state " + handle.state() + ")";
    }

    private static int track(List<Integer> list, int fd) {
        list.add(fd);
        return fd;
    }

    /** Sets the child's fd for {@code out} into {@code childFd[0]}; returns the drain that reads it, if any. */
    private static Drain target(Output out, int inheritFd, int[] childFd, List<Integer> childFds,
                                List<Integer> parentFds) {
        switch (out.kind) {
            case INHERIT -> {
                childFd[0] = inheritFd;
                return null;
            }
            case DISCARD -> {
                childFd[0] = track(childFds, Posix.open("/dev/null", LibC.O_WRONLY, 0));
                return null;
            }
            case FILE -> {
                childFd[0] = track(childFds, Posix.open(out.file.toString(),
                        LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC, 0644));
                return null;
            }
            default -> {
                int[] p = Posix.pipe();
                track(parentFds, p[0]);
                childFd[0] = track(childFds, p[1]);
                return new Drain(p[0], out);
            }
        }
    }

    static AttachOptionsStruct toNative(AttachOptions o) {
        AttachOptionsStruct s = AttachOptionsStruct.defaults()
                .attachFlags(o.effectiveFlags())
                .namespaces(o.namespaces())
                .personality(o.personality())
                .initialCwd(o.cwd() == null ? "/" : o.cwd())
                .envPolicy(o.clearEnv() ? AttachOptionsStruct.LXC_ATTACH_CLEAR_ENV : AttachOptionsStruct.LXC_ATTACH_KEEP_ENV)
                .extraEnvVars(o.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .extraKeepEnv(o.keepEnv().toArray(new String[0]));
        if (o.uid() != null) {
            s.uid(o.uid());
        }
        if (o.gid() != null) {
            s.gid(o.gid());
        }
        if (o.groups() != null) {
            s.groups(o.groups().stream().mapToInt(Integer::intValue).toArray());
        }
        if (o.lsmLabel() != null) {
            s.lsmLabel(o.lsmLabel());
        }
        return s;
    }

    private static void startFeeder(InputStream in, int fd) {
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

    /** Reads one output pipe to its end into its target. */
    private static final class Drain implements Runnable {
        private final int fd;
        private final Output target;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private final LineSplitter lines;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long stopAt = Long.MAX_VALUE;

        Drain(int fd, Output target) {
            this.fd = fd;
            this.target = target;
            this.lines = target.kind == Output.Kind.LINES ? new LineSplitter(target.lines) : null;
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

        String text() {
            return captured.toString(StandardCharsets.UTF_8);
        }
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

    @Override
    public String toString() {
        return "AttachedProcess[" + container + " pid " + pid + " " + command + "]";
    }

}
