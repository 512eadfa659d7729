package org.lxcgroovy.engine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.Lxc;

/**
 * Attach latency of {@code true} in one running busybox container, side by side in one run: the engine through its
 * attach helper and through the old in-process path, each in a JVM of its own with a 256 MB and a 4 GB heap
 * ({@code -Xms} = {@code -Xmx}, pre-touched), alone and 64 at once ({@link AttachProbe}); the {@code lxc-attach}
 * tool; python3-lxc's {@code attach_wait}; and a C floor (a tiny C loop over liblxc's {@code c->attach}). Prints
 * figures; asserts nothing. Run: {@code ./mvnw -B -q -P bench -pl engine test-compile exec:exec@attach-latency}.
 */
public final class AttachLatencyBench {
    static final String NAME = "lxcg-bench-attach";
    static final int WARMUP = 100;
    static final int ROUNDS = 400;

    private AttachLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        removeLeftover();
        try (Container c = new Container(NAME)) {
            c.create("busybox");
            c.start();
            try {
                report();
            } finally {
                c.stop();
                c.destroy();
            }
        }
    }

    private static void removeLeftover() throws Exception {
        if (Lxc.listContainers().contains(NAME)) {
            new ProcessBuilder("lxc-stop", "-k", "-n", NAME).inheritIO().start().waitFor();
            new ProcessBuilder("lxc-destroy", "-n", NAME).inheritIO().start().waitFor();
        }
    }

    private static void report() throws Exception {
        List<String[]> rows = new ArrayList<>();
        double[] python = python();
        double[] floor = floor();
        double[] tool = tool();
        for (String heap : List.of("256m", "4g")) {
            for (String mode : List.of("helper", "in-process")) {
                rows.add(probe(mode, heap));
            }
        }
        System.out.printf(Locale.ROOT, "%nattach of `true` (liblxc %s; medians and p99 of %d after %d to warm up; 64 at "
                + "once: wall time of one burst, attaches per second over 10 s; stall: the worst and p99 delay of a JVM "
                + "thread that touches a fresh page every 1 ms, during the bursts)%n", Lxc.version(), ROUNDS, WARMUP);
        System.out.printf(Locale.ROOT, "  %-34s %8s %8s %9s %9s %10s %10s %8s%n", "way", "median", "p99", "vs python",
                "64: wall", "64: per s", "stall max", "p99");
        for (String[] r : rows) {
            double median = Double.parseDouble(r[1]);
            System.out.printf(Locale.ROOT, "  %-34s %6.2fms %6.2fms %8.2fx %7.3f s %10.0f %8.1fms %6.1fms%n", r[0], median,
                    Double.parseDouble(r[2]), median / python[0], Double.parseDouble(r[3]), Double.parseDouble(r[4]),
                    Double.parseDouble(r[5]), Double.parseDouble(r[6]));
        }
        System.out.printf(Locale.ROOT, "  %-34s %6.2fms %6.2fms %8.2fx%n", "lxc-attach tool", tool[0], tool[1], tool[0] / python[0]);
        System.out.printf(Locale.ROOT, "  %-34s %6.2fms %6.2fms %8.2fx%n", "python3-lxc attach_wait", python[0], python[1], 1.0);
        System.out.printf(Locale.ROOT, "  %-34s %6.2fms %6.2fms %8.2fx%n", "C floor (c->attach + waitpid)", floor[0], floor[1],
                floor[0] / python[0]);
    }

    /** One engine configuration in a JVM of its own: its figures as printed by {@link AttachProbe}. */
    private static String[] probe(String mode, String heap) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"));
        if (mode.equals("in-process")) {
            cmd.add("-Dlxcgroovy.attach=in-process");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AttachProbe.class.getName(), NAME));
        String out = run(cmd).trim();
        String[] f = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        return new String[] {"engine, " + mode + ", heap " + heap, f[0], f[1], f[2], f[3], f[4], f[5]};
    }

    private static double[] python() throws Exception {
        Path script = Files.createTempFile("lxcg-bench", ".py");
        Files.writeString(script, String.join("\n",
                "import lxc, time, os",
                "c = lxc.Container('" + NAME + "')",
                "devnull = open(os.devnull, 'w')",
                "def once(): c.attach_wait(lxc.attach_run_command, ['true'], stdout=devnull, stderr=devnull, env_policy=lxc.LXC_ATTACH_CLEAR_ENV)",
                "for _ in range(" + WARMUP + "): once()",
                "ms = []",
                "for _ in range(" + ROUNDS + "):",
                "    t = time.perf_counter()",
                "    once()",
                "    ms.append((time.perf_counter() - t) * 1000)",
                "ms.sort()",
                "print(ms[len(ms) // 2], ms[len(ms) * 99 // 100])", ""));
        try {
            return figures(run(List.of("/usr/bin/python3", script.toString())));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static double[] floor() throws Exception {
        Path source = Path.of("src/test/c/attach-floor.c");
        Path binary = Files.createTempFile("lxcg-attach-floor", "");
        try {
            run(List.of("gcc", "-O2", "-o", binary.toString(), source.toString(), "-llxc"));
            return figures(run(List.of(binary.toString(), NAME, Integer.toString(WARMUP), Integer.toString(ROUNDS))));
        } finally {
            Files.deleteIfExists(binary);
        }
    }

    private static double[] tool() throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < WARMUP / 10 + 100; i++) {
            long t0 = System.nanoTime();
            run(List.of("lxc-attach", "-n", NAME, "--clear-env", "--", "true"));
            if (i >= WARMUP / 10) {
                ms.add((System.nanoTime() - t0) / 1e6);
            }
        }
        ms.sort(null);
        return new double[] {ms.get(ms.size() / 2), ms.get(ms.size() * 99 / 100)};
    }

    private static double[] figures(String out) {
        String[] f = out.trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    /** Runs {@code cmd} to its end; its stdout. A failure stops the bench with the command's own words. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
        return out;
    }
}
