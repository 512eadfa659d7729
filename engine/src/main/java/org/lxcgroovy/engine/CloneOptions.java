package org.lxcgroovy.engine;

import java.util.List;

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
}
