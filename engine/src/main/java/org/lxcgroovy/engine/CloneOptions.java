package org.lxcgroovy.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@link Container#clone(String, CloneOptions)}, as liblxc's {@code clone()} takes them.
 *
 * @param configPath where the clone lives (null = the original's config path)
 * @param flags      LXC_CLONE_* flags (SNAPSHOT, KEEPNAME, KEEPMACADDR, ...)
 * @param bdevtype   backing store of the clone ("dir", "overlay", "btrfs", ...; null = the original's)
 * @param bdevdata   backing store data (e.g. an LVM volume group); usually null
 * @param newsize    size of a block-device clone in bytes (0 = the original's)
 * @param hookArgs   arguments for the clone hook
 */
public record CloneOptions(String configPath, int flags, String bdevtype, String bdevdata, long newsize,
                           List<String> hookArgs) {
    public static final CloneOptions DEFAULT = new CloneOptions(null, 0, null, null, 0, List.of());

    public CloneOptions {
        hookArgs = hookArgs == null ? List.of() : List.copyOf(hookArgs);
    }

    private static final Set<String> KEYS = Set.of("configPath", "flags", "bdevtype", "bdevdata", "newsize", "hookArgs");

    /** From named options; an unknown name is an error. */
    public static CloneOptions of(Map<String, ?> m) {
        if (m == null) {
            return DEFAULT;
        }
        NamedOptions.check("clone", m, KEYS);
        Object hooks = m.get("hookArgs");
        List<String> hookArgs = hooks == null ? List.of()
                : ((List<?>) hooks).stream().map(String::valueOf).toList();
        return new CloneOptions(str(m.get("configPath")), m.get("flags") == null ? 0 : ((Number) m.get("flags")).intValue(),
                str(m.get("bdevtype")), str(m.get("bdevdata")),
                m.get("newsize") == null ? 0 : ((Number) m.get("newsize")).longValue(), hookArgs);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
