package org.lxcgroovy.cli

import groovy.transform.CompileStatic

/**
 * Where a run's start-up time goes, when {@code LXC_GROOVY_STARTUP_TIMES} is set (StartupBench sets it): the
 * launcher passes the wall time it started the JVM at, and the command marks the end of each phase; at the end one
 * line on stderr, "startup: jvm 0.21 s, command line 0.12 s, ...". Otherwise nothing is measured or printed.
 */
@CompileStatic
final class StartupTimes {
    static final boolean ON = System.getenv('LXC_GROOVY_STARTUP_TIMES') != null
    private static final long LAUNCHED_MILLIS = Long.parseLong(System.getProperty('lxcgroovy.launchedNanos', '0')).intdiv(1_000_000L) as long
    private static final Map<String, Long> ENDS = new LinkedHashMap<>()

    private StartupTimes() {
    }

    /** The phase {@code name} ends now. */
    static void mark(String name) {
        if (ON) {
            ENDS[name] = System.currentTimeMillis()
        }
    }

    /** The phases, each from the end of the one before (the first from the launcher's start of the JVM). */
    static void print(PrintStream err) {
        if (!ON) {
            return
        }
        long from = LAUNCHED_MILLIS
        List<String> parts = []
        ENDS.each { String name, Long end ->
            if (from > 0) {
                parts << String.format(Locale.ROOT, '%s %.3f s', name, (end - from) / 1000d)
            }
            from = end
        }
        if (LAUNCHED_MILLIS > 0 && ENDS) {
            parts << String.format(Locale.ROOT, 'total %.3f s', (ENDS.values().last() - LAUNCHED_MILLIS) / 1000d)
        }
        err.println('startup: ' + parts.join(', '))
    }
}
