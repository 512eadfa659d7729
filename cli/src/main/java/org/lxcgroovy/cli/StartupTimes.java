package org.lxcgroovy.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run's start-up time goes, when {@code LXC_GROOVY_STARTUP_TIMES} is set (StartupBench sets it): the
 * launcher passes the wall time it started the JVM at, and the command marks the end of each phase; at the end one
 * line on stderr, "startup: jvm 0.21 s, command line 0.12 s, ...". Otherwise nothing is measured or printed.
 * Java, not Groovy: {@link Main} marks the JVM's start before anything of Groovy is loaded.
 */
final class StartupTimes {
    static final boolean ON = System.getenv("LXC_GROOVY_STARTUP_TIMES") != null;
    private static final long LAUNCHED_MILLIS = Long.parseLong(System.getProperty("lxcgroovy.launchedNanos", "0")) / 1_000_000L;
    private static final Map<String, Long> ENDS = new LinkedHashMap<>();

    private StartupTimes() {
    }

    /** The phase {@code name} ends now; a name has no ", " (readers split the line there). */
    static synchronized void mark(String name) {
        if (ON) {
            ENDS.put(name, System.currentTimeMillis());
        }
    }

    /** The phases, each from the end of the one before (the first from the launcher's start of the JVM). */
    static synchronized void print(PrintStream err) {
        if (!ON || ENDS.isEmpty()) {
            return;
        }
        long from = LAUNCHED_MILLIS;
        long last = from;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> phase : ENDS.entrySet()) {
            if (from > 0) {
                parts.add(String.format(Locale.ROOT, "%s %.3f s", phase.getKey(), (phase.getValue() - from) / 1000d));
            }
            from = phase.getValue();
            last = from;
        }
        if (LAUNCHED_MILLIS > 0) {
            parts.add(String.format(Locale.ROOT, "total %.3f s", (last - LAUNCHED_MILLIS) / 1000d));
        }
        err.println("startup: " + String.join(", ", parts));
    }
}
