package org.lxcgroovy.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lxcgroovy.engine.AttachOptions;
import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.ExecResult;
import org.lxcgroovy.engine.IpOptions;
import org.lxcgroovy.engine.Lxc;
import org.lxcgroovy.engine.LxcException;
import org.lxcgroovy.engine.Nic;

/**
 * The canonical job in plain Java over the engine alone: for each container, start it if stopped, wait for its
 * IP, run the update commands inside, and shut it down again if we started it — all containers at once. Creates
 * its busybox demo containers ({@code lxcg-java-demo-1..3}; the Debian ones of the scripts are not touched) with fixed MACs if they are missing. Exits 0 when every
 * container succeeded, 1 when one failed (cron can act on that).
 *
 * <pre>FleetUpdate [--prefix lxcg-java-demo-] [--count 3] [--destroy]</pre>
 */
public final class FleetUpdate {
    /** What busybox containers can do in place of apt-get update / dist-upgrade. */
    private static final List<List<String>> UPDATE = List.of(
            List.of("sh", "-c", "echo \"$(hostname): $(busybox | head -1)\""),
            List.of("sh", "-c", "df -h / | tail -1"));

    record Outcome(String container, boolean ok, String detail, Duration took) {
    }

    public static void main(String[] args) throws Exception {
        String prefix = "lxcg-java-demo-";
        int count = 3;
        boolean destroy = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--prefix" -> prefix = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--destroy" -> destroy = true;
                default -> {
                    System.err.println("usage: FleetUpdate [--prefix P] [--count N] [--destroy]");
                    System.exit(64);
                }
            }
        }
        System.out.println("liblxc " + Lxc.version() + ", containers in " + Lxc.defaultConfigPath());
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(prefix + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        List<Future<Outcome>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String name : names) {
            futures.add(pool.submit(() -> update(name)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "%n%-20s %-6s %8s  %s%n", "container", "result", "seconds", "detail");
        for (Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, "%-20s %-6s %8.2f  %s%n", o.container(), o.ok() ? "ok" : "FAILED",
                    o.took().toMillis() / 1000.0, o.detail());
        }
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        System.out.printf(Locale.ROOT, "%d containers in %.2f s, %d failed%n", outcomes.size(),
                (System.nanoTime() - t0) / 1e9, failed);
        if (destroy) {
            for (String name : names) {
                try (Container c = new Container(name)) {
                    if (c.isDefined()) {
                        c.destroy();
                    }
                }
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** One container's job, timed to the end of its shutdown; a failure is reported, never thrown. */
    static Outcome update(String name) {
        long t0 = System.nanoTime();
        String[] failure = {null};
        String detail;
        try {
            detail = job(name, failure);
        } catch (LxcException | IllegalArgumentException e) {
            failure[0] = e.getMessage();
            detail = null;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return failure[0] == null ? new Outcome(name, true, detail, took) : new Outcome(name, false, failure[0], took);
    }

    /** Returns the job's output, or sets {@code failure[0]}; shuts down what it started before returning. */
    private static String job(String name, String[] failure) {
        try (Container c = new Container(name)) {
            if (!c.isDefined()) {
                c.create("busybox");
                c.getNetwork().get(0).setHwaddr(Nic.stableHwaddr(name));
                c.saveConfig();
            }
            boolean startedByUs = false;
            if (!c.isRunning()) {
                c.start();
                startedByUs = true;
            }
            try {
                List<String> ips = c.getIps(IpOptions.DEFAULT.withFamily("inet").withTimeout(Duration.ofSeconds(30)));
                if (ips.isEmpty()) {
                    failure[0] = "no IPv4 address within 30 s";
                    return null;
                }
                StringBuilder detail = new StringBuilder(ips.get(0));
                for (List<String> command : UPDATE) {
                    ExecResult r = c.run(AttachOptions.builder().timeout(Duration.ofSeconds(120)).build(), command);
                    if (!r.isSuccess()) {
                        failure[0] = String.join(" ", command) + ": " + r + " " + r.stderr().trim();
                        return null;
                    }
                    detail.append(" | ").append(r.stdout().trim());
                }
                return detail.toString();
            } finally {
                if (startedByUs && !c.shutdown(Duration.ofSeconds(30))) {
                    c.stop();
                }
            }
        }
    }

    private FleetUpdate() {
    }
}
