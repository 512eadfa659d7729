package org.lxcgroovy.dsl.net

import groovy.transform.CompileStatic

/**
 * How a running dnsmasq serves DHCP, from its command line and the configuration files it names: the interfaces
 * and addresses it listens on, its DHCP ranges, and whether it pings an address before offering it. Pure, so
 * lxc-net's setups (with and without {@code no-ping}) are testable from their text.
 */
@CompileStatic
class DnsmasqSetup {
    final int pid
    final List<String> interfaces = []
    final List<String> listenAddresses = []
    /** Each [first, last] address of a dhcp-range. */
    final List<List<String>> dhcpRanges = []
    final List<String> confFiles = []
    boolean noPing
    /** Where it keeps its leases (dhcp-leasefile); null: dnsmasq's default, which lxc-net never leaves it. */
    String leaseFile
    /** At most this many leases at once (dhcp-lease-max); null: dnsmasq's default of 1000. */
    Integer leaseMax

    DnsmasqSetup(int pid) {
        this.pid = pid
    }

    /**
     * From dnsmasq's argv ({@code /proc/<pid>/cmdline}); {@code read} gives a configuration file's lines (empty
     * when it cannot be read). Options in a file are the long options without their dashes.
     */
    static DnsmasqSetup parse(int pid, List<String> argv, Closure<List<String>> read) {
        def setup = new DnsmasqSetup(pid)
        List<String> options = []
        for (int i = 1; i < argv.size(); i++) {
            String a = argv[i]
            boolean takesValue = a in ['-i', '--interface', '-a', '--listen-address', '-F', '--dhcp-range',
                                       '-C', '--conf-file', '-l', '--dhcp-leasefile', '-X', '--dhcp-lease-max'] && i + 1 < argv.size()
            options << (takesValue ? "${a}=${argv[++i]}".toString() : a)
        }
        options.each { setup.apply(it.replaceFirst(/^-i=/, '--interface=').replaceFirst(/^-a=/, '--listen-address=')
                .replaceFirst(/^-F=/, '--dhcp-range=').replaceFirst(/^-C=/, '--conf-file=').replaceFirst(/^-l=/, '--dhcp-leasefile=')
                .replaceFirst(/^-X=/, '--dhcp-lease-max=').replaceFirst(/^--/, ''), read) }
        setup
    }

    private void apply(String option, Closure<List<String>> read) {
        int eq = option.indexOf('=')
        String key = eq < 0 ? option.trim() : option.substring(0, eq).trim()
        String value = eq < 0 ? null : option.substring(eq + 1).trim()
        switch (key) {
            case 'interface': interfaces.addAll(value.split(',')*.trim()); break
            case 'listen-address': listenAddresses.addAll(value.split(',')*.trim()); break
            case 'dhcp-range': dhcpRanges << range(value); break
            case 'no-ping': noPing = true; break
            case 'dhcp-leasefile': leaseFile = value; break
            case 'dhcp-lease-max': leaseMax = value as Integer; break
            case 'conf-file':
                if (value && value != '/dev/null') {
                    confFiles << value
                    read.call(value).collect { it.trim() }.findAll { it && !it.startsWith('#') }.each { apply(it, read) }
                }
                break
        }
    }

    /** The addresses of "start,end[,mask][,lease]" (tags and "set:" prefixes dropped). */
    private static List<String> range(String value) {
        List<String> parts = value.split(',')*.trim().findAll { !it.startsWith('set:') && !it.startsWith('tag:') }
        [parts[0], parts.size() > 1 ? parts[1] : parts[0]]
    }

    /** Whether it serves the bridge named {@code bridge} with address {@code address} (null when it has none). */
    boolean serves(String bridge, String address) {
        bridge in interfaces || (address != null && address in listenAddresses)
    }

    /** How many addresses its IPv4 DHCP ranges hold. */
    long addresses() {
        dhcpRanges.findAll { it[0].contains('.') }.sum(0L) { List<String> r -> ipv4(r[1]) - ipv4(r[0]) + 1 } as long
    }

    /** How many clients can hold a lease at once: its addresses, or fewer when dhcp-lease-max says so. */
    long capacity() {
        leaseMax != null ? Math.min(addresses(), (long) leaseMax) : addresses()
    }

    static long ipv4(String address) {
        address.split(/\./).inject(0L) { long acc, String octet -> acc * 256 + (octet as long) } as long
    }
}
