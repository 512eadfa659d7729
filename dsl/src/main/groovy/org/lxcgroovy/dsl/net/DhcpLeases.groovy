package org.lxcgroovy.dsl.net

import groovy.transform.CompileStatic

/**
 * The leases in a dnsmasq lease file ("EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID" a line; IPv6 lines after "duid"
 * are left out). Pure, so a full range is testable from its text.
 */
@CompileStatic
class DhcpLeases {
    /** Each lease: [mac, address], the MAC in lower case. */
    final List<List<String>> leases

    private DhcpLeases(List<List<String>> leases) {
        this.leases = leases
    }

    static DhcpLeases parse(List<String> lines) {
        List<List<String>> leases = []
        for (String line : lines) {
            String[] f = line.trim().split(/\s+/)
            if (f[0] == 'duid') {
                break
            }
            if (f.length >= 3 && f[2].contains('.')) {
                leases << [f[1].toLowerCase(Locale.ROOT), f[2]]
            }
        }
        new DhcpLeases(leases)
    }

    int size() {
        leases.size()
    }

    /** The leases held by MACs that are not in {@code macs} (lower case): containers that are gone, or draw a new MAC. */
    List<List<String>> notOf(Set<String> macs) {
        leases.findAll { !(it[0] in macs) }
    }
}
