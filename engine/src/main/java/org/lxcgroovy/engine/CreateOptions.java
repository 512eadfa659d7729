package org.lxcgroovy.engine;

import java.util.Map;

/**
 * How {@link Container#create(CreateOptions)} makes a container: the template ({@code null}: a bare container),
 * {@code Lxc.LXC_CREATE_*} flags, the template's arguments ({@code --key value}; {@code true} alone as
 * {@code --key}; a collection repeats the key), the backing store ({@code dir}, {@code btrfs}, {@code lvm},
 * {@code zfs}, {@code loop}, {@code rbd}, {@code best}; null: liblxc's choice) and its specs ({@code fstype},
 * {@code fssize}, {@code dir}, {@code zfsroot}, {@code vgname}, {@code lvname}, {@code thinpool}, ...).
 */
public record CreateOptions(String template, int flags, Map<String, ?> args, String bdevtype, Map<String, ?> bdevSpecs) {
    public static final CreateOptions DEFAULT = new CreateOptions(null, 0, Map.of(), null, Map.of());

    public CreateOptions {
        args = args == null ? Map.of() : Map.copyOf(args);
        bdevSpecs = bdevSpecs == null ? Map.of() : Map.copyOf(bdevSpecs);
    }

    public CreateOptions withTemplate(String t) {
        return new CreateOptions(t, flags, args, bdevtype, bdevSpecs);
    }

    public CreateOptions withFlags(int f) {
        return new CreateOptions(template, f, args, bdevtype, bdevSpecs);
    }

    public CreateOptions withArgs(Map<String, ?> a) {
        return new CreateOptions(template, flags, a, bdevtype, bdevSpecs);
    }

    public CreateOptions withBdevtype(String b) {
        return new CreateOptions(template, flags, args, b, bdevSpecs);
    }

    public CreateOptions withBdevSpecs(Map<String, ?> s) {
        return new CreateOptions(template, flags, args, bdevtype, s);
    }
}
