package org.lxcgroovy.dsl.packages

import groovy.transform.CompileStatic
import java.util.regex.Matcher
import java.util.regex.Pattern

/** Installed package versions by name, and what changed between two such readings. */
@CompileStatic
final class PackageStates {
    private PackageStates() {
    }

    /** An operation in apt's simulation: {@code Inst name [old] (new ...)}, {@code Remv name [old]}, {@code Purg ...}. */
    private static final Pattern SIMULATED = ~/^(Inst|Remv|Purg) (\S+)(?: \[([^\]]*)\])?(?: \((\S+)[^)]*\))?.*$/

    /**
     * Reads {@code dpkg-query -W -f '${db:Status-Abbrev}\t${binary:Package}\t${Version}\n'}: every package whose
     * files are on the system (any status but not-installed and config-files) with its version. A name carries its
     * architecture only when it is not {@code nativeArch} (as apt names packages; dpkg adds it to Multi-Arch: same).
     */
    static Map<String, String> fromDpkgQuery(String output, String nativeArch = null) {
        Map<String, String> versions = new TreeMap<>()
        for (String line : output.readLines()) {
            String[] f = line.split('\t', -1)
            if (f.length != 3 || f[0].length() < 2) {
                continue
            }
            char status = f[0].charAt(1)
            if (status != ('n' as char) && status != ('c' as char)) {
                versions[named(f[1], nativeArch)] = f[2]
            }
        }
        versions
    }

    /**
     * What {@code apt-get -s} says it would do, as changes ({@code [name:, from:, to:]}, by name): an installed
     * package replaced or a new one installed ({@code Inst}), one removed ({@code Remv}, {@code Purg}).
     */
    static List<Map<String, String>> fromSimulation(String output, String nativeArch = null) {
        List<Map<String, String>> changes = []
        for (String line : output.readLines()) {
            Matcher m = SIMULATED.matcher(line)
            if (m.matches()) {
                boolean installs = m.group(1) == 'Inst'
                changes << ([name: named(m.group(2), nativeArch), from: m.group(3), to: installs ? m.group(4) : null] as Map<String, String>)
            }
        }
        combine([], changes).sort { it.name }
    }

    private static String named(String name, String nativeArch) {
        nativeArch != null && name.endsWith(':' + nativeArch) ? name.substring(0, name.length() - nativeArch.length() - 1) : name
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
