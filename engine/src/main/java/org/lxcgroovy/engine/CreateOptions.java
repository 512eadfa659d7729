package org.lxcgroovy.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@link Container#create(CreateOptions)} makes a container: the template ({@code null}: a bare container),
 * {@code Lxc.LXC_CREATE_*} flags, the template's own arguments as its command line
 * ({@code ["--release", "bookworm"]}), the backing store ({@code dir}, {@code btrfs}, {@code lvm}, {@code zfs},
 * {@code loop}, {@code rbd}, {@code best}; null: liblxc's choice) and its specs ({@code fstype}, {@code fssize},
 * {@code dir}, {@code zfsroot}, {@code vgname}, {@code lvname}, {@code thinpool}, ...), each {@code --key=value}.
 * In Groovy a map of template arguments reads as in python: {@code c.create('debian', release: 'bookworm')}.
 */
public record CreateOptions(String template, int flags, List<String> templateArgs, String bdevtype,
                            Map<String, String> bdevSpecs) {
    public static final CreateOptions DEFAULT = new CreateOptions(null, 0, List.of(), null, Map.of());

    public CreateOptions {
        templateArgs = templateArgs == null ? List.of() : List.copyOf(templateArgs);
        bdevSpecs = bdevSpecs == null ? Map.of() : Map.copyOf(bdevSpecs);
    }

    public CreateOptions withTemplate(String t) {
        return new CreateOptions(t, flags, templateArgs, bdevtype, bdevSpecs);
    }

    public CreateOptions withFlags(int f) {
        return new CreateOptions(template, f, templateArgs, bdevtype, bdevSpecs);
    }

    public CreateOptions withTemplateArgs(List<String> a) {
        return new CreateOptions(template, flags, a, bdevtype, bdevSpecs);
    }

    /** The template arguments plus {@code --key value} for each entry of {@code args}. */
    public CreateOptions withArgs(Map<String, String> args) {
        List<String> all = new ArrayList<>(templateArgs);
        args.forEach((k, v) -> all.addAll(List.of("--" + k, v)));
        return withTemplateArgs(all);
    }

    public CreateOptions withBdevtype(String b) {
        return new CreateOptions(template, flags, templateArgs, b, bdevSpecs);
    }

    public CreateOptions withBdevSpecs(Map<String, String> s) {
        return new CreateOptions(template, flags, templateArgs, bdevtype, s);
    }
}
