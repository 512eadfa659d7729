package org.lxcgroovy.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one of liblxc's own tools ({@code lxc-start}, {@code lxc-create}) as a child process. The engine does so
 * where an in-process call would fork the JVM for good (start's monitor) or where the tool's output is the
 * reason a user needs (a template's error). The tool gets a minimal environment, not the JVM's.
 */
final class LxcTool {
    /** Lines of a tool's or template's output that read like the reason it failed. */
    private static final Pattern ERROR_WORDS = Pattern.compile(
            "error|fail|unrecognized|not found|no such|cannot|can't|unable|denied|invalid|missing", Pattern.CASE_INSENSITIVE);

    private LxcTool() {
    }

    /**
     * Runs {@code argv} with liblxc's log of the run going to a private file; on failure throws an
     * {@link LxcException} whose reason is the log's ERROR messages plus the tool's last output lines.
     */
    static void run(String operation, String container, List<String> argv, long timeoutSeconds) {
        Path log = null;
        Path output = null;
        try {
            log = Files.createTempFile("lxc-groovy-tool-", ".log");
            output = Files.createTempFile("lxc-groovy-tool-", ".out");
            List<String> command = new ArrayList<>(argv);
            // liblxc's tools take -o/-l before any "--" that starts template or init arguments
            int split = command.indexOf("--");
            List<String> logArgs = List.of("-o", log.toString(), "-l", "ERROR");
            command.addAll(split < 0 ? command.size() : split, logArgs);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new LxcException(operation, container, "cannot run " + argv.get(0) + " (is the lxc package installed?): " + e.getMessage(), e);
            }
            boolean done;
            try {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new LxcException(operation, container, "interrupted", e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new LxcException(operation, container, argv.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new LxcException(operation, container, reason(log, output, argv.get(0), p.exitValue()));
            }
        } catch (IOException e) {
            throw new LxcException(operation, container, e.getMessage(), e);
        } finally {
            deleteQuietly(log);
            deleteQuietly(output);
        }
    }

    private static String reason(Path log, Path output, String tool, int exit) throws IOException {
        Set<String> parts = new LinkedHashSet<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains(" ERROR ")) {
                parts.add(LxcLog.messageOf(line));
            }
        }
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
