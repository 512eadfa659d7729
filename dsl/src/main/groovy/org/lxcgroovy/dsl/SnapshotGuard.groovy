package org.lxcgroovy.dsl

import groovy.transform.PackageScope
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.LxcException
import org.lxcgroovy.engine.Snapshot

/**
 * Guarded maintenance, the fleet option {@code snapshot}: each container is snapshotted before its body can change
 * it; a body that fails or times out has the container stopped, restored from that snapshot and put back in the
 * state the run found it in. After a body that succeeded, the guard snapshots beyond {@code keepSnapshots} are
 * destroyed, oldest first. Guard snapshots are told from the user's own by their comment, which starts with
 * {@link #MARK}; no other snapshot is ever destroyed.
 * liblxc snapshots only stopped containers (on a running one it makes none and says nothing), so a running
 * container fails at once unless {@code snapshot: 'restart'}, which shuts it down for the snapshot and starts it again.
 */
class SnapshotGuard {
    static final String MARK = 'lxc-groovy guard snapshot'

    /** The guard's snapshot of one container and the state it was found in. */
    static final class Taken {
        final String name
        final boolean foundRunning

        Taken(String name, boolean foundRunning) {
            this.name = name
            this.foundRunning = foundRunning
        }
    }

    private final boolean restart
    private final int keep
    private final int shutdownTimeout

    private SnapshotGuard(boolean restart, int keep, int shutdownTimeout) {
        this.restart = restart
        this.keep = keep
        this.shutdownTimeout = shutdownTimeout
    }

    /** The guard the fleet options ask for ({@code snapshot}, {@code keepSnapshots}), or null for none. */
    static SnapshotGuard of(Map options, int shutdownTimeout) {
        def mode = options.snapshot
        if (!(mode in [null, false, true, 'restart'])) {
            throw new IllegalArgumentException("snapshot must be true, false or 'restart', not ${mode}")
        }
        if (!mode) {
            if (options.keepSnapshots != null) {
                throw new IllegalArgumentException('keepSnapshots needs snapshot: true (or snapshot: \'restart\')')
            }
            return null
        }
        int keep = options.keepSnapshots == null ? 1 : options.keepSnapshots as int
        if (keep < 1) {
            throw new IllegalArgumentException("keepSnapshots must be at least 1 (the snapshot just taken), not ${options.keepSnapshots}")
        }
        new SnapshotGuard(mode == 'restart', keep, shutdownTimeout)
    }

    /** Snapshots the container before its body runs; with restart, a running one is shut down and started again. */
    Taken take(Container c, FleetResult result) {
        ContainerState found = c.state
        if (found == ContainerState.FROZEN) {
            throw refused(c, 'it is frozen; unfreeze it first')
        }
        boolean running = found != ContainerState.STOPPED
        if (running && !restart) {
            throw refused(c, "it is running and liblxc snapshots only stopped containers; snapshot: 'restart' shuts it down for the snapshot")
        }
        if (running) {
            untilBooted(c)
            if (!c.shutdown(shutdownTimeout)) {
                throw refused(c, "it did not shut down within $shutdownTimeout s")
            }
        }
        long t0 = System.nanoTime()
        try {
            String name = snapshot(c)
            result.snapshot = name
            result.note(String.format('snapshot %s in %.1f s', name, (System.nanoTime() - t0) / 1e9d))
            return new Taken(name, running)
        } finally {
            if (running) {
                c.start()
                result.note('started again after the snapshot')
            }
        }
    }

    /**
     * Waits (at most the shutdown timeout) until a container that is still booting has booted: systemd ignores the
     * halt signal before it has set up its handlers, and a shutdown sent then waits out its whole timeout (seen
     * in GuardSpec on a container started a moment before). Whatever the boot comes to, the shutdown follows.
     */
    private void untilBooted(Container c) {
        try {
            new InContainer(c).waitForBoot(Duration.ofSeconds(shutdownTimeout))
        } catch (LxcException ignored) {
            // not booted in time, or booted into another state: shut down all the same
        }
    }

    /** After a failed body: stop, restore the snapshot, start again if the run found the container running. */
    void rollBack(Container c, FleetResult result, Taken taken) {
        try {
            if (c.running) {
                c.stop()
            }
            result.startedByRun = false
            c.snapshotRestore(taken.name)
            result.rolledBack = taken.name
            result.note("rolled back to ${taken.name}".toString())
            if (taken.foundRunning) {
                c.start()
                result.note('started again, as the run found it')
            }
        } catch (Exception e) {
            result.note("rollback to ${taken.name} failed: ${Fleet.oneLine(e)}".toString())
            result.error = "${result.error}; rollback to ${taken.name} failed: ${Fleet.oneLine(e)}".toString()
        }
    }

    /** After a body that succeeded: only the newest {@code keepSnapshots} guard snapshots stay. */
    void prune(Container c, FleetResult result) {
        try {
            toPrune(c.snapshotList(), keep).each { String name ->
                c.snapshotDestroy(name)
                result.note("destroyed old guard snapshot $name".toString())
            }
        } catch (Exception e) {
            result.note("pruning old guard snapshots failed: ${Fleet.oneLine(e)}".toString())
        }
    }

    /** The guard snapshots beyond the newest {@code keep}, oldest first; the user's own are never among them. */
    @PackageScope
    static List<String> toPrune(List<Snapshot> snapshots, int keep) {
        List<Snapshot> ours = snapshots.findAll { it.comment()?.startsWith(MARK) }.sort { number(it.name) }
        ours.take(Math.max(0, ours.size() - keep))*.name
    }

    private static long number(String snapName) {
        snapName ==~ /snap\d+/ ? snapName.substring(4) as long : Long.MAX_VALUE
    }

    private static String snapshot(Container c) {
        Path comment = Files.createTempFile('lxcg-guard', '.txt')
        try {
            Files.writeString(comment, "$MARK, taken ${Instant.now()} before a fleet body ran\n")
            c.snapshot(comment.toString())
        } finally {
            Files.deleteIfExists(comment)
        }
    }

    private static LxcException refused(Container c, String why) {
        new LxcException(LxcException.Kind.FAILED, 'snapshot', c.name, why)
    }
}
