package org.lxcgroovy.engine.groovy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The one check of named options (Groovy's {@code c.run(timeout: 5, ...)}, {@code fleet(parallel: 4)}, ...) for
 * the API and the DSL, with one message: {@code unknown fleet option 'paralel'; known: parallel, quiet, timeout}.
 */
public final class NamedOptions {
    private NamedOptions() {
    }

    /** Throws IllegalArgumentException naming every key of {@code options} that is not in {@code known}. */
    public static void check(String what, Map<String, ?> options, Collection<String> known) {
        if (options == null) {
            return;
        }
        List<String> unknown = options.keySet().stream().filter(k -> !known.contains(k)).map(k -> "'" + k + "'").toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown " + what + " option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known: " + String.join(", ", new TreeSet<>(known)));
        }
    }
}
