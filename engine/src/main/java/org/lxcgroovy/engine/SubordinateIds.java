package org.lxcgroovy.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lxcgroovy.engine.internal.host.HostFacts;

/**
 * Whether the caller may use a container's id map: newuidmap and newgidmap allow only host ranges that
 * {@code /etc/subuid} and {@code /etc/subgid} give the caller ("root:100000:65536"). Checked before a start, so a
 * missing range is named here rather than as liblxc's "newuidmap ... not allowed" among its start errors.
 */
final class SubordinateIds {
    static final Path SUBUID = HostFacts.SUBUID;
    static final Path SUBGID = HostFacts.SUBGID;

    private SubordinateIds() {
    }

    /** Throws the reason the map cannot be used by {@code user} (uid {@code uid}); returns when it can. */
    static void check(String operation, String container, IdMap map, String user, long uid, Path subuid, Path subgid) {
        if (map.isEmpty()) {
            return;
        }
        for (char kind : new char[] {'u', 'g'}) {
            String what = kind == 'u' ? "uid" : "gid";
            if (map.ranges().stream().noneMatch(r -> r.kind() == kind && r.coversInside(0))) {
                throw new LxcException(LxcException.Kind.REFUSED, operation, container, "lxc.idmap maps no container "
                        + what + " 0: the container's root would be unmapped (e.g. lxc.idmap = " + kind + " 0 100000 65536)");
            }
            Path file = kind == 'u' ? subuid : subgid;
            List<long[]> allowed = ranges(file, user, uid);
            for (IdMap.Range r : map.ranges()) {
                if (r.kind() == kind && allowed.stream().noneMatch(a -> r.outside() >= a[0] && r.outside() + r.count() <= a[0] + a[1])) {
                    throw new LxcException(LxcException.Kind.REFUSED, operation, container, user + " has no subordinate "
                            + what + " range covering " + r.outside() + "-" + (r.outside() + r.count() - 1) + " in " + file
                            + (allowed.isEmpty() ? " (it has none; package uidmap, then e.g. usermod --add-sub" + what + "s "
                            + r.outside() + "-" + (r.outside() + r.count() - 1) + " " + user + ")" : ""));
                }
            }
        }
    }

    /** The caller's [start, count] ranges in a subordinate id file (by name or by uid); none when it is missing. */
    static List<long[]> ranges(Path file, String user, long uid) {
        try {
            return HostFacts.subordinateRanges(file, user, uid);
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, "read " + file, null, e.getMessage(), e);
        }
    }
}
