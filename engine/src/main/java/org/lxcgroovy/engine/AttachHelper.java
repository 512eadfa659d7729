package org.lxcgroovy.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's side of {@code lxc-groovy-attach}, the single-threaded helper process that performs every attach so
 * the JVM never forks (see {@code engine/src/main/c/lxc-groovy-attach.c} for the protocol). A helper starts one
 * command at a time, so the JVM keeps a small pool, one helper per core at most: an attach goes to a helper that is
 * not starting another, a new one is started while the pool is not full, else the least busy one queues it (and a
 * container monitor that does not answer holds up one helper, not every attach). A helper that ended is replaced
 * by the next attach; an attach in flight when it ended fails with the reason. Helpers end when the JVM does
 * (their sockets close).
 */
final class AttachHelper {
    /** How long the helper may take to start a command: liblxc asks the container's monitor, which may not answer. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Helpers at most: liblxc's attach is CPU work in the helper (and its forks), so more would only queue. */
    static final int POOL = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final Object LOCK = new Object();
    private static final List<AttachHelper> HELPERS = new ArrayList<>();

    private final HelperChannel channel;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<Started>> starting = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    private volatile String ended;
    /** Starts given to this helper and not yet answered (reserved under LOCK, so a burst spreads over the pool). */
    private final AtomicInteger busy = new AtomicInteger();

    /** A command the helper started: its pid, a pidfd of the JVM's own, and how it ends (its wait status). */
    record Started(int pid, int pidfd, CompletableFuture<Integer> exit) {
    }

    private AttachHelper(HelperChannel channel) {
        this.channel = channel;
        Thread reader = new Thread(this::read, "lxc-attach-helper-" + channel.pid);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code argv} (or the user's shell) in container {@code container} of {@code lxcpath}, with {@code stdio}
     * as its stdin, stdout and stderr, through a helper of the pool; returns once it runs.
     */
    static Started start(String container, String lxcpath, AttachOptions o, boolean shell, List<String> argv, int[] stdio) {
        AttachHelper helper = reserve();
        try {
            return helper.attach(container, lxcpath, o, shell, argv, stdio);
        } finally {
            helper.busy.decrementAndGet();
        }
    }

    /** A helper for one start: an idle one, else a new one while the pool is not full, else the least busy. */
    private static AttachHelper reserve() {
        synchronized (LOCK) {
            HELPERS.removeIf(h -> h.ended != null);
            AttachHelper chosen = HELPERS.stream().filter(h -> h.busy.get() == 0).findFirst().orElse(null);
            if (chosen == null && HELPERS.size() < POOL) {
                Path log = LxcLog.file();
                chosen = new AttachHelper(HelperChannel.spawn(List.of(HelperBinary.path().toString(),
                        log == null ? "/dev/null" : log.toString())));
                HELPERS.add(chosen);
            }
            if (chosen == null) {
                chosen = HELPERS.stream().min(Comparator.comparingInt(h -> h.busy.get())).orElseThrow();
            }
            chosen.busy.incrementAndGet();
            return chosen;
        }
    }

    /** The pids of the running helpers, for the specs. */
    static List<Integer> runningPids() {
        synchronized (LOCK) {
            return HELPERS.stream().filter(h -> h.ended == null).map(h -> h.channel.pid).toList();
        }
    }

    /** {@link #start} on this helper. */
    private Started attach(String container, String lxcpath, AttachOptions o, boolean shell, List<String> argv, int[] stdio) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<Started> start = new CompletableFuture<>();
        starting.put(id, start);
        exits.put(id, new CompletableFuture<>());
        try {
            channel.send(request(id, container, lxcpath, o, shell, argv), stdio);
            if (ended != null) {
                fail(id, ended); // it ended while we sent: the reader may have failed the others before we registered
            }
            return start.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            forget(id);
            throw e;
        } catch (TimeoutException e) {
            forget(id);
            end("it did not start the command within " + START_TIMEOUT.toSeconds() + " s (a container monitor that "
                    + "does not answer?); it was stopped and the next attach starts a new one");
            throw new LxcException(LxcException.Kind.TIMED_OUT, "attach", container, "the attach helper " + ended);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forget(id);
            throw new LxcException(LxcException.Kind.FAILED, "attach", container, "interrupted while starting the command", e);
        } catch (ExecutionException e) {
            forget(id);
            if (e.getCause() instanceof HelperFailure f) {
                throw new LxcException(f.kind, "attach", container, f.getMessage());
            }
            throw new LxcException(LxcException.Kind.FAILED, "attach", container, e.getCause().getMessage(), e.getCause());
        }
    }

    /** A request that did not start a command: nothing of it is waited for any more. */
    private void forget(String id) {
        starting.remove(id);
        exits.remove(id);
    }

    /**
     * The request's fields. The helper's own environment is not the JVM's, so the JVM's variables that the options
     * pass on ({@code keepEnv}, or all with {@code clearEnv} false) travel as values, after the cleared environment.
     */
    private static List<String> request(String id, String container, String lxcpath, AttachOptions o, boolean shell,
                                        List<String> argv) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!o.clearEnv()) {
            env.putAll(System.getenv());
        }
        o.keepEnv().forEach(name -> {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        });
        env.putAll(o.env());
        List<String> f = new ArrayList<>(List.of("ATTACH", id, container, lxcpath == null ? "" : lxcpath,
                shell ? "1" : "0", Integer.toString(o.effectiveFlags()), Integer.toString(o.namespaces()),
                Long.toString(o.personality()), Integer.toString(o.uid() == null ? -1 : o.uid()),
                Integer.toString(o.gid() == null ? -1 : o.gid()), o.cwd() == null ? "/" : o.cwd(), "1",
                o.lsmLabel() == null ? "" : o.lsmLabel()));
        List<Integer> groups = o.groups() == null ? List.of() : o.groups();
        f.add(Integer.toString(groups.size()));
        groups.forEach(g -> f.add(Integer.toString(g)));
        f.add(Integer.toString(env.size()));
        env.forEach((k, v) -> f.add(k + "=" + v));
        f.add("0"); // keepEnv would name the helper's variables, not the JVM's: their values travel above
        f.add(Integer.toString(argv.size()));
        f.addAll(argv);
        for (String s : f) {
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("attach of container '" + container + "': a NUL character in '"
                        + s.replace('\0', '?') + "'");
            }
        }
        return f;
    }

    /** The reader thread: each message completes what waits for it; at the end, everything still waiting fails. */
    private void read() {
        HelperChannel.Message m;
        while ((m = channel.receive()) != null) {
            List<String> f = m.fields();
            String type = f.isEmpty() ? "" : f.get(0);
            String id = f.size() > 1 ? f.get(1) : "";
            switch (type) {
                case "STARTED" -> started(id, Integer.parseInt(f.get(2)), m.fds().length == 1 ? m.fds()[0] : -1);
                case "EXITED" -> {
                    CompletableFuture<Integer> exit = exits.remove(id);
                    if (exit != null) {
                        exit.complete(Integer.parseInt(f.get(2)));
                    }
                }
                case "FAILED" -> {
                    int errno = Integer.parseInt(f.get(2));
                    String reason = f.get(3);
                    CompletableFuture<Started> start = starting.remove(id);
                    if (start != null) {
                        start.completeExceptionally(new HelperFailure(reason.contains("not running")
                                ? LxcException.Kind.NOT_RUNNING : LxcException.Kind.FAILED, reason, errno));
                    }
                }
                default -> {
                    for (int fd : m.fds()) {
                        Posix.closeQuietly(fd);
                    }
                }
            }
        }
        int status = channel.release();
        end(endedWith(status));
    }

    private void started(String id, int pid, int pidfd) {
        CompletableFuture<Started> start = starting.remove(id);
        Started s = new Started(pid, pidfd, exits.get(id));
        if (start == null || !start.complete(s)) {
            // nobody waits any more (the attach timed out): the command must not run unwatched
            Posix.killTree(pid, pidfd);
            Posix.closeQuietly(pidfd);
        }
    }

    private static String endedWith(int status) {
        int signal = status & 0x7f;
        return "(lxc-groovy-attach) ended " + (signal == 0 ? "with exit status " + ((status >> 8) & 0xff)
                : "by signal " + signal);
    }

    /** Stops this helper; whatever waits on it fails with {@code why}. */
    private void end(String why) {
        if (ended == null) {
            ended = why;
        }
        channel.close();
        starting.keySet().forEach(id -> fail(id, ended));
        exits.forEach((id, exit) -> exit.completeExceptionally(new HelperFailure(LxcException.Kind.FAILED,
                "the attach helper " + ended + " before it reported how the command ended", 0)));
        exits.clear();
    }

    private void fail(String id, String why) {
        CompletableFuture<Started> start = starting.remove(id);
        if (start != null) {
            start.completeExceptionally(new HelperFailure(LxcException.Kind.FAILED,
                    "the attach helper " + why + " while starting the command", 0));
        }
    }

    /** What the helper said of a request, or of itself. */
    static final class HelperFailure extends RuntimeException {
        final LxcException.Kind kind;
        final int errno;

        HelperFailure(LxcException.Kind kind, String message, int errno) {
            super(message, null, false, false);
            this.kind = kind;
            this.errno = errno;
        }
    }
}
