package org.lxcgroovy.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A container's cgroup freezer, driven through its file with a bound. liblxc's freeze waits for FROZEN for ever
 * (docs/liblxc.md, "Freezing"): on cgroup v1 a process that cannot be stopped holds the freezer in FREEZING, on v2
 * its wait has no timeout. v1: {@code freezer.state} (THAWED, FREEZING, FROZEN), written again while FREEZING, as
 * the kernel tries to stop the remaining tasks only on a write; v2: {@code cgroup.freeze} (0 or 1) and the
 * {@code frozen} line of {@code cgroup.events}. The files are given, so both kinds are testable on either host.
 */
final class Freezer {
    private static final long POLL_MILLIS = 10;
    private static final long REWRITE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** Whether this host's freezer is cgroup v1's (a hybrid host such as Debian 12's with systemd.unified_cgroup_hierarchy=0). */
    static final boolean HOST_V1 = hostV1();

    private final boolean v1;
    /** What is written: v1 freezer.state, v2 cgroup.freeze. */
    private final Path control;
    /** What says how far it got: v1 freezer.state again, v2 cgroup.events. */
    private final Path status;

    Freezer(boolean v1, Path control, Path status) {
        this.v1 = v1;
        this.control = control;
        this.status = status;
    }

    /** The freezer of the container whose init has this layout, under {@code root} (/sys/fs/cgroup). */
    static Freezer of(CgroupLayout layout, Path root) {
        boolean v1 = layout.isV1("freezer");
        Path control = layout.freezerFile(root);
        return new Freezer(v1, control, v1 ? control : control.resolveSibling("cgroup.events"));
    }

    private static boolean hostV1() {
        try {
            return CgroupLayout.ofProcess((int) ProcessHandle.current().pid()).isV1("freezer");
        } catch (IOException e) {
            return false;
        }
    }

    boolean isV1() {
        return v1;
    }

    /** Freezes within {@code timeout}: true when frozen; false when not, and then it is thawed again. */
    boolean freeze(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastWrite = 0;
        boolean written = false;
        while (true) {
            long now = System.nanoTime();
            if (!written || now - lastWrite >= REWRITE_NANOS) {
                Files.writeString(control, v1 ? "FROZEN" : "1", StandardCharsets.US_ASCII);
                lastWrite = now;
                written = true;
            }
            if (state() == ContainerState.FROZEN) {
                return true;
            }
            if (now - deadline >= 0) {
                thaw();
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                thaw();     // never left half frozen; before the flag is set again, which would close the file's channel
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while freezing; thawed again");
            }
        }
    }

    /** Thaws, and waits at most {@code timeout} for the freezer to say so: true when it did. */
    boolean thaw(Duration timeout) throws IOException {
        thaw();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state() != ContainerState.RUNNING) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while thawing");
            }
        }
        return true;
    }

    private void thaw() throws IOException {
        Files.writeString(control, v1 ? "THAWED" : "0", StandardCharsets.US_ASCII);
    }

    /** FROZEN, FREEZING (asked, not there yet) or RUNNING, as the freezer says. */
    ContainerState state() throws IOException {
        if (v1) {
            String state = Files.readString(status, StandardCharsets.US_ASCII).trim();
            return state.equals("FROZEN") ? ContainerState.FROZEN
                    : state.equals("FREEZING") ? ContainerState.FREEZING : ContainerState.RUNNING;
        }
        boolean frozen = Files.readAllLines(status, StandardCharsets.US_ASCII).contains("frozen 1");
        boolean asked = Files.readString(control, StandardCharsets.US_ASCII).trim().equals("1");
        return frozen ? ContainerState.FROZEN : asked ? ContainerState.FREEZING : ContainerState.RUNNING;
    }
}
