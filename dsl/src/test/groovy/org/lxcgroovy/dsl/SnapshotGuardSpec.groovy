package org.lxcgroovy.dsl

import java.nio.file.Files
import java.nio.file.Path
import org.lxcgroovy.engine.Snapshot
import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/** Which snapshots the guard may prune: its own only, oldest first (its options are checked in ReportSpec). */
@Tag('unit')
class SnapshotGuardSpec extends Specification {
    @TempDir Path dir

    Snapshot snap(String name, String comment) {
        Path c = dir.resolve("$name-comment")
        if (comment != null) {
            Files.writeString(c, comment)
        }
        new Snapshot(name, c.toString(), '2026:12:02 01:00:00', dir.toString())
    }

    def "only guard snapshots beyond the newest keepSnapshots are pruned, by number, never the user's"() {
        given:
        def all = [snap('snap10', SnapshotGuard.MARK + ', taken ...'), snap('snap0', 'before the big upgrade, by hand'),
                   snap('snap2', SnapshotGuard.MARK + ', taken ...'), snap('snap1', null),
                   snap('snap9', SnapshotGuard.MARK + ', taken ...'), snap('snap3', 'my note: ' + SnapshotGuard.MARK)]

        expect:
        SnapshotGuard.toPrune(all, 1) == ['snap2', 'snap9']
        SnapshotGuard.toPrune(all, 2) == ['snap2']
        SnapshotGuard.toPrune(all, 3) == []
    }
}
