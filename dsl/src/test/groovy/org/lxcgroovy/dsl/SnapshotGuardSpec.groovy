package org.lxcgroovy.dsl

import java.nio.file.Files
import java.nio.file.Path
import org.lxcgroovy.engine.Snapshot
import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/** Which snapshots the guard may prune (its own only, oldest first), and the fleet options that ask for it. */
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

    def "fleet options for the guard are checked before anything runs: #options"() {
        when:
        new Fleet(options, { String l -> })

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        options                               | message
        [snapshot: 'yes']                     | "snapshot must be true, false or 'restart', not yes"
        [keepSnapshots: 2]                    | "keepSnapshots needs snapshot: true (or snapshot: 'restart')"
        [snapshot: true, keepSnapshots: 0]    | 'keepSnapshots must be at least 1 (the snapshot just taken), not 0'
    }
}
