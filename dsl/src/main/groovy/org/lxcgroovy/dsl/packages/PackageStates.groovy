package org.lxcgroovy.dsl.packages

import groovy.transform.CompileStatic

/** Installed package versions by name, and what changed between two such readings. */
@CompileStatic
final class PackageStates {
    private PackageStates() {
    }

    /**
     * Reads {@code dpkg-query -W -f '${db:Status-Abbrev}\t${binary:Package}\t${Version}\n'}: every package whose
     * files are on the system (any status but not-installed and config-files) with its version.
     */
    static Map<String, String> fromDpkgQuery(String output) {
        Map<String, String> versions = new TreeMap<>()
        for (String line : output.readLines()) {
            String[] f = line.split('\t', -1)
            if (f.length != 3 || f[0].length() < 2) {
                continue
            }
            char status = f[0].charAt(1)
            if (status != ('n' as char) && status != ('c' as char)) {
                versions[f[1]] = f[2]
            }
        }
        versions
    }

    /** Every package whose version differs, by name: {@code [name:, from:, to:]}, from or to null when absent. */
    static List<Map<String, String>> changes(Map<String, String> before, Map<String, String> after) {
        SortedSet<String> names = new TreeSet<>(before.keySet())
        names.addAll(after.keySet())
        names.findAll { before[it] != after[it] }.collect { String name ->
            [name: name, from: before[name], to: after[name]] as Map<String, String>
        }
    }

    /**
     * The net effect of {@code earlier} followed by {@code later}: a package keeps its first {@code from} and takes
     * its last {@code to}; one that ends where it began (installed, then removed) is no change at all.
     */
    static List<Map<String, String>> combine(List<Map<String, String>> earlier, List<Map<String, String>> later) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>()
        for (Map<String, String> c : earlier + later) {
            Map<String, String> seen = byName[c.name]
            byName[c.name] = [name: c.name, from: seen == null ? c.from : seen.from, to: c.to] as Map<String, String>
        }
        byName.values().findAll { it.from != it.to } as List<Map<String, String>>
    }

    /** "16 upgraded, 1 installed, 2 removed"; empty for no change. */
    static String describe(List<Map<String, String>> changes) {
        int installed = changes.count { it.from == null } as int
        int removed = changes.count { it.to == null } as int
        int upgraded = changes.size() - installed - removed
        [[upgraded, 'upgraded'], [installed, 'installed'], [removed, 'removed']]
                .findAll { (it[0] as int) > 0 }.collect { "${it[0]} ${it[1]}" }.join(', ')
    }
}
