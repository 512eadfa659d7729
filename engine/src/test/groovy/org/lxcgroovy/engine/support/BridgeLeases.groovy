package org.lxcgroovy.engine.support

import java.util.concurrent.TimeUnit

/**
 * The leases lxc-net's dnsmasq holds on lxcbr0, and giving back those of test containers when they are destroyed:
 * a container stopped hard never sends DHCPRELEASE, so without this every run of the suite would leave its leases
 * for the lease time (an hour), and runs close together would use up the range a user's containers draw from.
 * dnsmasq-utils' {@code dhcp_release} sends dnsmasq the release on the container's behalf.
 * <p>
 * dnsmasq answers DHCP packets one at a time and pings for up to 3 s before each offer, so when containers start
 * together a request can wait in its socket after the container that sent it is gone, and its lease appears later
 * (seen: 9 s after ConcurrencySpec destroyed the container). {@link #sweep} is for then.
 */
final class BridgeLeases {
    static final String BRIDGE = 'lxcbr0'
    static final File FILE = new File('/var/lib/misc/dnsmasq.lxcbr0.leases')
    /** dnsmasq's DHCP socket in the host's network namespace: 0.0.0.0 port 67, as /proc/net/udp writes it. */
    private static final String DHCP_SERVER_SOCKET = '00000000:0043'

    private BridgeLeases() {
    }

    /** The IPv4 leases as [expiry, MAC, address, hostname, client-id] ("*" where the client sent none). */
    static List<List<String>> all() {
        if (!FILE.canRead()) {
            return []
        }
        FILE.readLines()*.split(' ')*.toList().findAll { it.size() == 5 && it[1].count(':') == 5 }
    }

    /** The leases held by {@code mac} (any case). */
    static List<List<String>> of(String mac) {
        all().findAll { it[1].equalsIgnoreCase(mac) }
    }

    /**
     * Once the DHCP servers' sockets hold no packet (bounded by {@code seconds}), gives back what {@code macs} still
     * lease: what dnsmasq granted to requests that waited in its queue.
     */
    static void sweep(Collection<String> macs, int seconds) {
        if (macs.isEmpty()) {
            return
        }
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
        while (queuedBytes() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(100)
        }
        Thread.sleep(200)   // the packet dnsmasq took last: a request is answered at once (only offers wait on a ping)
        macs.each { release(it) }
    }

    /** Bytes waiting in the receive queues of the sockets bound to the DHCP server port. */
    static long queuedBytes() {
        new File('/proc/net/udp').readLines().drop(1)*.trim()*.split(/\s+/)
                .findAll { it.length > 4 && it[1] == DHCP_SERVER_SOCKET }
                .sum(0L) { Long.parseLong(it[4].split(':')[1], 16) } as long
    }

    /** Gives back every lease of {@code mac}; bounded, and it fails loudly rather than leave one silently. */
    static void release(String mac) {
        for (List<String> lease : of(mac)) {
            List<String> command = ['dhcp_release', BRIDGE, lease[2], lease[1]] + (lease[4] == '*' ? [] : [lease[4]])
            Process p
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File('/dev/null')).start()
            } catch (IOException e) {
                throw new AssertionError("cannot give back the lease of $mac: ${e.message} (dev/setup-host installs dnsmasq-utils)".toString(), e)
            }
            // read to the end and closed here: left to the JDK's reaper thread, its pipe closes at a time of its own
            // choosing, which specs that count the JVM's descriptors would see
            String output = p.inputStream.text
            assert p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0: "${command.join(' ')} failed: $output"
        }
    }
}
