package org.lxcgroovy.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's {@code lxc.idmap}: which host ids its user and group ids are. Empty for a privileged container
 * (its ids are the host's). {@code u 0 100000 65536} makes container uid 0..65535 host uid 100000..165535.
 */
public final class IdMap {
    /** One line of the map: {@code count} ids from {@code inside} in the container are {@code outside} on the host. */
    public record Range(char kind, long inside, long outside, long count) {
        boolean coversInside(long id) {
            return id >= inside && id < inside + count;
        }
    }

    private final List<Range> ranges;

    private IdMap(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Reads {@code lxc.idmap} values ("u 0 100000 65536"); a line that is not a mapping is an IllegalArgumentException. */
    public static IdMap parse(List<String> lines) {
        List<Range> ranges = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4 || !(f[0].equals("u") || f[0].equals("g") || f[0].equals("b"))) {
                throw new IllegalArgumentException("not an lxc.idmap entry (u|g|b inside outside count): '" + line + "'");
            }
            try {
                for (char kind : f[0].equals("b") ? new char[] {'u', 'g'} : new char[] {f[0].charAt(0)}) {
                    ranges.add(new Range(kind, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an lxc.idmap entry (u|g|b inside outside count): '" + line + "'");
            }
        }
        return new IdMap(ranges);
    }

    /** The map of a container, from its configuration. */
    public static IdMap of(Container c) {
        Object v = c.getConfigItem("lxc.idmap");
        return parse(v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of());
    }

    public List<Range> ranges() {
        return ranges;
    }

    /** No map: a privileged container. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The host uid of container uid {@code id}; -1 when the map does not cover it. Without a map, the same id. */
    public long hostUid(long id) {
        return host('u', id);
    }

    public long hostGid(long id) {
        return host('g', id);
    }

    /** The first of these container ids the map gives no host id ("uid 70000", "gid 5", "group 7"); null: all mapped. */
    String firstUnmapped(Integer uid, Integer gid, List<Integer> groups) {
        if (uid != null && hostUid(uid) < 0) {
            return "uid " + uid;
        }
        if (gid != null && hostGid(gid) < 0) {
            return "gid " + gid;
        }
        return groups.stream().filter(g -> hostGid(g) < 0).map(g -> "group " + g).findFirst().orElse(null);
    }

    /** Refuses {@code operation} for such an id, before anything runs. */
    LxcException refusal(String operation, String container, String unmapped) {
        return new LxcException(LxcException.Kind.REFUSED, operation, container, unmapped
                + " is not an id of this container: its lxc.idmap " + this + " gives it no host id");
    }

    private long host(char kind, long id) {
        if (ranges.isEmpty()) {
            return id;
        }
        for (Range r : ranges) {
            if (r.kind() == kind && r.coversInside(id)) {
                return r.outside() + (id - r.inside());
            }
        }
        return -1;
    }

    /** The map as lxc.idmap lines, e.g. "[u 0 100000 65536, g 0 100000 65536]". */
    @Override
    public String toString() {
        return ranges.stream().map(r -> r.kind() + " " + r.inside() + " " + r.outside() + " " + r.count()).toList().toString();
    }
}
