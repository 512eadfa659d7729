package org.lxcgroovy.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

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

    /**
     * Replaces {@code key} on the primary handle with {@code values} ({@code many}: as a list, even of one). liblxc
     * appends to a list key, and for some single ones ({@code lxc.net.N.*}) keeps the old line in the file it saves
     * (the last wins when read), so the key is cleared first, as python3-lxc does; if liblxc rejects a value the old
     * ones are put back.
     */
    static void replace(Handles handles, String key, List<String> values, boolean many) {
        handles.with("setConfigItem(" + key + ")", h -> {
            long mark = LxcLog.mark();
            String old = h.get_config_item(key);
            if (old == null && !h.is_defined()) {
                old = "";   // nothing is configured before create: liblxc has no config to read a key from yet
            } else if (old == null) {
                throw handles.failure("setConfigItem(" + key + ")", LxcException.Kind.REFUSED, mark, h, 0);
            }
            boolean list = many || isList(key, old);
            h.clear_config_item(key);
            for (String v : values) {
                if (!h.set_config_item(key, v)) {
                    LxcException e = handles.failure("setConfigItem(" + key + ")", LxcException.Kind.REFUSED, mark, h, 0);
                    restore(h, key, old, list);
                    throw e;
                }
            }
            handles.unsaved(true);
            return null;
        });
    }

    private static void restore(LxcHandle h, String key, String old, boolean list) {
        h.clear_config_item(key);
        if (list) {
            for (String v : values(old)) {
                h.set_config_item(key, v);
            }
        } else {
            h.set_config_item(key, old);
        }
    }
}
