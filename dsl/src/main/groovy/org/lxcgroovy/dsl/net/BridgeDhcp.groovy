package org.lxcgroovy.dsl.net

import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path

/**
 * The DHCP server of one bridge as the host has it now: the dnsmasq that serves it and its lease file. The
 * doctor checks it; a fleet's address wait asks it why a container has no address yet.
 */
@CompileStatic
class BridgeDhcp {
    final String bridge
    /** The bridge's IPv4 address; null: it has none (or does not exist). */
    final String address
    /** The dnsmasq serving DHCP on it; null: none does. */
    final DnsmasqSetup server

    private BridgeDhcp(String bridge, String address, DnsmasqSetup server) {
        this.bridge = bridge
        this.address = address
        this.server = server
    }

    static BridgeDhcp of(String bridge, Path procDir = Path.of('/proc')) {
        String address = exists(bridge) ? ipv4Of(bridge) : null
        new BridgeDhcp(bridge, address, dnsmasqs(procDir).find { it.serves(bridge, address) && it.dhcpRanges })
    }

    static boolean exists(String bridge) {
        Files.isDirectory(Path.of('/sys/class/net', bridge))
    }

    /** Its leases; null when there is no server or its lease file cannot be read. */
    DhcpLeases leases() {
        Path file = server?.leaseFile ? Path.of(server.leaseFile) : null
        file != null && Files.isReadable(file) ? DhcpLeases.parse(Files.readAllLines(file)) : null
    }

    /**
     * Why a client with MAC {@code mac} (null: unknown) gets no address on this bridge, or null when nothing here
     * says it cannot (it may be waiting its turn).
     */
    String noAddressCause(String mac) {
        if (!exists(bridge)) {
            return "the bridge $bridge does not exist".toString()
        }
        if (server == null) {
            return ("no DHCP server serves the bridge $bridge (no dnsmasq listens on it" +
                    (bridge == 'lxcbr0' ? '; systemctl restart lxc-net)' : ')')).toString()
        }
        DhcpLeases leases = leases()
        long capacity = server.capacity()
        boolean hasLease = mac != null && leases != null && leases.leases.any { it[0] == mac.toLowerCase(Locale.ROOT) }
        if (leases != null && leases.size() >= capacity && !hasLease) {
            return ("the bridge $bridge has no free address: ${leases.size()} of $capacity addresses are leased in " +
                    "${server.leaseFile} (lxc-groovy doctor tells the stale leases and how to release them)").toString()
        }
        null
    }

    /** The running dnsmasq processes and how they serve DHCP. */
    static List<DnsmasqSetup> dnsmasqs(Path procDir) {
        List<DnsmasqSetup> out = []
        File[] processes = procDir.toFile().listFiles()
        for (File proc : processes == null ? new File[0] : processes) {
            if (!(proc.name ==~ /\d+/)) {
                continue
            }
            try {
                if (new File(proc, 'comm').text.trim() != 'dnsmasq') {
                    continue
                }
                List<String> argv = new String(new File(proc, 'cmdline').bytes, 'UTF-8').split('\u0000').toList()
                out << DnsmasqSetup.parse(proc.name as int, argv) { String file ->
                    Path p = Path.of(file)
                    Files.isReadable(p) ? Files.readAllLines(p) : []
                }
            } catch (IOException gone) {
                // the process ended while we looked
            }
        }
        out
    }

    /** The bridge's IPv4 address, as {@code ip} shows it; null when it has none. */
    static String ipv4Of(String bridge) {
        def p = new ProcessBuilder('ip', '-4', '-o', 'addr', 'show', 'dev', bridge).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        def m = out =~ /inet (\d+\.\d+\.\d+\.\d+)/
        m.find() ? m.group(1) : null
    }
}
