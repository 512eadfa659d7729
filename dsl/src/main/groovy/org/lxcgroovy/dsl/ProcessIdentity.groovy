package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/**
 * Which process a pid is: pids are reused, so a process is its pid with its start time (clock ticks after boot,
 * field 22 of {@code /proc/PID/stat}) within one boot ({@code /proc/sys/kernel/random/boot_id}). The run journal
 * tells a run that died from one that goes on, and the container a killed run started from one started since.
 */
@CompileStatic
final class ProcessIdentity {
    /** /proc's times count USER_HZ ticks, 100 a second on every Linux architecture Debian builds. */
    static final long MILLIS_PER_TICK = 10

    private ProcessIdentity() {
    }

    static String bootId() {
        Files.readString(Path.of('/proc/sys/kernel/random/boot_id')).trim()
    }

    /** The start time of process {@code pid} in ticks after boot; -1 when there is no such process. */
    static long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/$pid/stat"))
            // the command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(' ')
            after[19] as long
        } catch (IOException ignored) {
            -1L
        }
    }

    /** Whether process {@code pid} started at {@code ticks} still runs in boot {@code boot}. */
    static boolean alive(String boot, long pid, long ticks) {
        boot == bootId() && startTicks(pid) == ticks
    }

    /** When a process that started {@code ticks} after boot started, by the wall clock. */
    static Instant startedAt(long ticks) {
        String btime = Files.readAllLines(Path.of('/proc/stat')).find { it.startsWith('btime ') }
        Instant.ofEpochSecond(btime.substring(6).trim() as long).plusMillis(ticks * MILLIS_PER_TICK)
    }
}
