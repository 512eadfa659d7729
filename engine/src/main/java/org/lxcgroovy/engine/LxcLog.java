package org.lxcgroovy.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.lxcgroovy.engine.internal.jna.LxcLogging;

/**
 * liblxc's own reasons for a failure. liblxc 5.0 never fills {@code error_string}; it writes the reason to its log.
 * The engine points liblxc's process-wide log (initialisable once per process) at a private file and, when a call
 * fails, reads the ERROR lines written since the call began.
 */
final class LxcLog {
    private static boolean stderrUnchained;
    private static final Path FILE = init();

    private LxcLog() {
    }

    private static Path init() {
        try {
            Path file = Files.createTempFile("lxc-groovy-" + ProcessHandle.current().pid() + "-", ".log");
            file.toFile().deleteOnExit();
            LxcLogging.init(file.toString());
            // the reasons belong to the operation's exception (or --verbose), not raw on the script's stderr
            stderrUnchained = LxcLogging.unchainStderr();
            return file;
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The file liblxc writes its ERROR lines to (null when liblxc's log could not be set up). */
    static Path file() {
        return FILE;
    }

    /** Whether liblxc's echo of its ERROR lines to stderr was switched off. */
    static boolean stderrSilenced() {
        return FILE != null && stderrUnchained;
    }

    /** Where the log is now; pass it to {@link #reasonSince(long, String)} after a failure. */
    static long mark() {
        if (FILE == null) {
            return 0;
        }
        return FILE.toFile().length();
    }

    /**
     * The messages of the ERROR lines liblxc wrote since {@code mark}. Lines naming {@code container} are preferred
     * when concurrent calls of other containers wrote too.
     */
    static String reasonSince(long mark, String container) {
        if (FILE == null) {
            return null;
        }
        Set<String> all = new LinkedHashSet<>();
        Set<String> naming = new LinkedHashSet<>();
        try (RandomAccessFile f = new RandomAccessFile(FILE.toFile(), "r")) {
            long len = f.length();
            if (len <= mark) {
                return null;
            }
            byte[] buf = new byte[(int) Math.min(len - mark, 1 << 20)];
            f.seek(mark);
            f.readFully(buf);
            for (String line : new String(buf, StandardCharsets.UTF_8).split("\n")) {
                if (!line.contains(" ERROR ")) {
                    continue;
                }
                String message = messageOf(line);
                all.add(message);
                if (container != null && message.contains(container)) {
                    naming.add(message);
                }
            }
        } catch (IOException e) {
            return null;
        }
        Set<String> chosen = naming.isEmpty() ? all : naming;
        return chosen.isEmpty() ? null : String.join("; ", chosen);
    }

    /** "lxc 2026... ERROR confile - ../src/lxc/confile.c:fn:123 - Unknown key" → "Unknown key". */
    static String messageOf(String line) {
        int at = line.indexOf(".c:");
        int dash = at < 0 ? -1 : line.indexOf(" - ", at);
        return dash < 0 ? line.trim() : line.substring(dash + 3).trim();
    }
}
