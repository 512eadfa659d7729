package org.lxcgroovy.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How liblxc's configuration values read as Java values. liblxc joins the values of a multi-valued key with
 * newlines: most such keys end every value with one ({@code lxc.cap.drop}, {@code lxc.mount.entry}), but
 * {@code lxc.idmap} puts newlines only between values, so one mapping comes back as a bare string. A key that can
 * hold several values is therefore a list whatever liblxc's spelling, even with one value or none.
 */
final class ConfigItems {
    private static final Set<String> LIST_KEYS = Set.of("lxc.idmap", "lxc.cap.drop", "lxc.cap.keep",
            "lxc.mount.entry", "lxc.environment", "lxc.group", "lxc.apparmor.raw", "lxc.net", "lxc.hook");
    private static final Pattern LIST_KEY_PATTERN =
            Pattern.compile("lxc\\.hook\\..+|lxc\\.net\\.\\d+\\.(ipv4|ipv6)\\.address|lxc\\.net\\.\\d+\\.veth\\.(ipv4|ipv6)\\.route");

    private ConfigItems() {
    }

    /** Whether {@code key}'s value {@code raw} (as liblxc returned it) is a list. */
    static boolean isList(String key, String raw) {
        return raw.endsWith("\n") || raw.contains("\n") || LIST_KEYS.contains(key) || LIST_KEY_PATTERN.matcher(key).matches();
    }

    /** liblxc's value as a String, or as a List for multi-valued keys. */
    static Object value(String key, String raw) {
        return isList(key, raw) ? values(raw) : raw;
    }

    /** The values of a newline-joined list, without the empty one a trailing newline makes. */
    static List<String> values(String raw) {
        return Arrays.stream(raw.split("\n")).filter(s -> !s.isEmpty()).toList();
    }
}
