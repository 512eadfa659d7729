package org.lxcgroovy.engine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.lxcgroovy.engine.AttachOptions;
import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.Lxc;
import org.lxcgroovy.engine.Output;

/**
 * Attach latency of {@code true} in one running busybox container: the engine (captured and plain), python3-lxc's
 * {@code attach_wait}, and the {@code lxc-attach} tool. Prints medians and ratios; asserts nothing.
 * Run: {@code ./mvnw -B -q -P bench -pl engine verify}.
 */
public final class AttachLatencyBench {
    private static final AttachOptions DISCARDED = AttachOptions.builder().stdout(Output.discard()).stderr(Output.discard()).build();
    private static final String NAME = "lxcg-bench-attach";
    private static final int WARMUP = 100;
    private static final int ROUNDS = 400;

    public static void main(String[] args) throws Exception {
        removeLeftover();
        try (Container c = new Container(NAME)) {
            c.create("busybox");
            c.start();
            try {
                run(c);
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

    private static void run(Container c) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            c.run("true");
            c.attachWait(DISCARDED, List.of("true"));
        }
        double captured = median(ROUNDS, () -> c.run("true"));
        double plain = median(ROUNDS, () -> c.attachWait(DISCARDED, List.of("true")));
        double python = python(c.getName());
        double tool = median(100, () -> {
            Process p = new ProcessBuilder("lxc-attach", "-n", NAME, "--clear-env", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("lxc-attach failed");
            }
        });
        long heapMb = Runtime.getRuntime().totalMemory() >> 20;
        System.out.printf("%nattach latency of `true`, median of %d (JVM heap %d MB, liblxc %s)%n", ROUNDS, heapMb, Lxc.version());
        System.out.printf("  engine run() (stdout+stderr captured) %7.2f ms   %.2fx python%n", captured, captured / python);
        System.out.printf("  engine attachWait (output discarded)  %7.2f ms   %.2fx python%n", plain, plain / python);
        System.out.printf("  python3-lxc attach_wait               %7.2f ms%n", python);
        System.out.printf("  lxc-attach via ProcessBuilder         %7.2f ms   %.2fx python%n", tool, tool / python);
    }

    interface Action {
        void run() throws Exception;
    }

    private static double median(int rounds, Action action) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            action.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }

    private static double python(String name) throws Exception {
        Path script = Files.createTempFile("lxcg-bench", ".py");
        Files.writeString(script, String.join("\n",
                "import lxc, time, statistics, os",
                "c = lxc.Container('" + name + "')",
                "devnull = open(os.devnull, 'w')",
                "for _ in range(" + WARMUP + "): c.attach_wait(lxc.attach_run_command, ['true'], stdout=devnull, stderr=devnull, env_policy=lxc.LXC_ATTACH_CLEAR_ENV)",
                "ms = []",
                "for _ in range(" + ROUNDS + "):",
                "    t = time.perf_counter()",
                "    c.attach_wait(lxc.attach_run_command, ['true'], stdout=devnull, stderr=devnull, env_policy=lxc.LXC_ATTACH_CLEAR_ENV)",
                "    ms.append((time.perf_counter() - t) * 1000)",
                "print(statistics.median(ms))", ""));
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("python3-lxc benchmark failed (is python3-lxc installed?)");
            }
            return Double.parseDouble(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private AttachLatencyBench() {
    }

}
