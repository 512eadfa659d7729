package org.lxcgroovy.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one of liblxc's own tools ({@code lxc-start}, {@code lxc-create}, {@code lxc-execute}) as a child process. The engine does so
 * where an in-process call would fork the JVM for good (start's monitor) or where the tool's output is the
 * reason a user needs (a template's error). The tool gets a minimal environment, not the JVM's.
 */
final class LxcTool {
    /** How long a killed tool gets to be reaped. */
    private static final long KILLED_EXIT_MILLIS = 5_000;

    /** Lines of a tool's or template's output that read like the reason it failed. */
    private static final Pattern ERROR_WORDS = Pattern.compile(
            "error|fail|unrecognized|not found|no such|cannot|can't|unable|denied|invalid|missing", Pattern.CASE_INSENSITIVE);

    private LxcTool() {
    }

    /**
     * {@code tool -n NAME -P PATH [-f altConfig] toolOptions [-- command]}: how the engine hands a container to one
     * of liblxc's tools, with unsaved configuration in {@code altConfig} (null: none).
     */
    static List<String> argv(String tool, String name, String configPath, Path altConfig, List<String> toolOptions,
                             List<String> command) {
        List<String> argv = new ArrayList<>(List.of(tool, "-n", name, "-P", configPath));
        if (altConfig != null) {
            argv.addAll(List.of("-f", altConfig.toString()));
        }
        argv.addAll(toolOptions);
        if (!command.isEmpty()) {
            argv.add("--");
            argv.addAll(command);
        }
        return argv;
    }

    /**
     * {@code lxc-create}'s options: {@code -t template} (null: "none"), {@code -B bdevtype}, {@code -q} for
     * LXC_CREATE_QUIET, {@code --key=value} per backing-store spec.
     */
    static List<String> createOptions(String template, int flags, String bdevtype, Map<String, String> bdevSpecs) {
        List<String> options = new ArrayList<>(List.of("-t", template == null ? "none" : template));
        if (bdevtype != null) {
            options.addAll(List.of("-B", bdevtype));
        }
        if ((flags & Lxc.LXC_CREATE_QUIET) != 0) {
            options.add("-q");
        }
        if (bdevSpecs != null) {
            bdevSpecs.forEach((k, v) -> options.add("--" + k + "=" + v));
        }
        return options;
    }

    /** {@code timeout} in seconds as a message gives it: "0.5", "30". */
    static String seconds(Duration timeout) {
        return java.math.BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Removes {@code dir} and what is in it, as far as it can (a busy file stays). */
    static void removeTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a busy file stays
                }
            });
        } catch (IOException ignored) {
            // nothing more we can remove
        }
    }

    /**
     * Runs {@code argv} with liblxc's log of the run going to a private file; on failure throws an
     * {@link LxcException} whose reason is the log's ERROR messages plus the tool's last output lines.
     */
    static void run(String operation, String container, List<String> argv, Duration timeout) {
        Path log = null;
        Path output = null;
        try {
            log = Files.createTempFile("lxc-groovy-tool-", ".log");
            output = Files.createTempFile("lxc-groovy-tool-", ".out");
            Process p = start(operation, container, argv, log, output.toFile(), null);
            if (!finished(operation, container, p, timeout.toMillis())) {
                p.destroyForcibly();    // a tool left running would go on changing the container behind the caller
                finished(operation, container, p, KILLED_EXIT_MILLIS);
                throw new LxcException(LxcException.Kind.TIMED_OUT, operation, container,
                        argv.get(0) + " did not finish within " + seconds(timeout) + " s");
            }
            if (p.exitValue() != 0) {
                String why = reason(log, output, argv.get(0), p.exitValue());
                throw new LxcException(LxcFailure.kindOf(why, LxcException.Kind.FAILED), operation, container, why);
            }
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, operation, container, e.getMessage(), e);
        } finally {
            deleteQuietly(log);
            deleteQuietly(output);
        }
    }

    /**
     * Runs {@code argv} (a container in the foreground) until it ends, with the JVM's stdout and stderr; on failure
     * throws an {@link LxcException} whose reason is the log's ERROR messages. Not bounded: it lasts as long as the
     * container runs, which the caller chose.
     */
    static void runInForeground(String operation, String container, List<String> argv) {
        Path log = null;
        try {
            log = Files.createTempFile("lxc-groovy-tool-", ".log");
            Process p = start(operation, container, argv, log, null, null);
            finished(operation, container, p, Long.MAX_VALUE);
            List<String> errors = errorMessages(log);
            if (p.exitValue() != 0 || !errors.isEmpty()) {
                String why = errors.isEmpty() ? argv.get(0) + " exited with " + p.exitValue() : String.join("; ", errors);
                throw new LxcException(LxcFailure.kindOf(why, LxcException.Kind.FAILED), operation, container, why);
            }
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, operation, container, e.getMessage(), e);
        } finally {
            deleteQuietly(log);
        }
    }

    /**
     * Runs {@code lxc-execute} in the foreground and reports its command as an {@link ExecResult}: the tool's exit
     * status is the command's (128 + N when signal N ended it, as a shell reports it). liblxc ERROR lines in its
     * log mean the container never ran the command: that is an {@link LxcException}. At {@code timeout} the
     * container is killed through {@code onTimeout}.
     */
    static ExecResult execute(String container, List<String> argv, Duration timeout, Runnable onTimeout) {
        Path log = null;
        Path stdout = null;
        Path stderr = null;
        long t0 = System.nanoTime();
        try {
            log = Files.createTempFile("lxc-groovy-tool-", ".log");
            stdout = Files.createTempFile("lxc-groovy-tool-", ".out");
            stderr = Files.createTempFile("lxc-groovy-tool-", ".err");
            Process p = start("execute", container, argv, log, stdout.toFile(), stderr.toFile());
            long millis = timeout == null ? Long.MAX_VALUE : Math.max(1000, timeout.toMillis());
            boolean timedOut = !finished("execute", container, p, millis);
            if (timedOut) {
                onTimeout.run();
                finished("execute", container, p, 10_000);
                p.destroyForcibly();
            }
            List<String> errors = errorMessages(log);
            if (!timedOut && !errors.isEmpty()) {
                throw new LxcException(LxcException.Kind.FAILED, "execute", container, String.join("; ", errors));
            }
            String err = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith(argv.get(0) + ": " + container + ": ")) // liblxc's echo of its log
                    .map(line -> line + "\n").reduce("", String::concat);
            return new ExecResult(timedOut ? -1 : p.exitValue(), 0, Files.readString(stdout, StandardCharsets.UTF_8), err,
                    Duration.ofNanos(System.nanoTime() - t0), timedOut);
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, "execute", container, e.getMessage(), e);
        } finally {
            deleteQuietly(log);
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /**
     * Starts {@code argv} with its liblxc log in {@code log}, stdin from /dev/null; stderr to stdout when null, both
     * the JVM's when {@code stdout} is null.
     */
    private static Process start(String operation, String container, List<String> argv, Path log, File stdout, File stderr) {
        List<String> command = new ArrayList<>(argv);
        // liblxc's tools take -o/-l before any "--" that starts template or init arguments
        int split = command.indexOf("--");
        command.addAll(split < 0 ? command.size() : split, List.of("-o", log.toString(), "-l", "ERROR"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (stdout == null) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else if (stderr == null) {
            pb.redirectOutput(stdout);
            pb.redirectErrorStream(true);
        } else {
            pb.redirectOutput(stdout).redirectError(stderr);
        }
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, operation, container, "cannot run " + argv.get(0) + " (is the lxc package installed?): " + e.getMessage(), e);
        }
    }

    /** Waits for {@code p}; false when it is still running after {@code millis}. */
    private static boolean finished(String operation, String container, Process p, long millis) {
        try {
            return p.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LxcException(LxcException.Kind.FAILED, operation, container, "interrupted", e);
        }
    }

    private static List<String> errorMessages(Path log) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(" ERROR "))
                .map(LxcLog::messageOf)
                .distinct()
                .toList();
    }

    private static String reason(Path log, Path output, String tool, int exit) throws IOException {
        Set<String> parts = new LinkedHashSet<>(errorMessages(log));
        List<String> out = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                .map(String::trim)
                .filter(t -> !t.isEmpty() && !t.startsWith(tool + ": ")) // liblxc's stderr echo of its log
                .toList();
        List<String> errors = out.stream().filter(t -> ERROR_WORDS.matcher(t).find()).toList();
        List<String> chosen = errors.isEmpty() ? out.subList(Math.max(0, out.size() - 5), out.size()) : errors;
        for (String t : chosen) {
            if (parts.stream().noneMatch(t::contains)) {
                parts.add(t);
            }
        }
        if (parts.isEmpty()) {
            parts.add(tool + " exited with " + exit);
        }
        return String.join("; ", parts);
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file we could not remove is not worth failing the operation
            }
        }
    }
}
