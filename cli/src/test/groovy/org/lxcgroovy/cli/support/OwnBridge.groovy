package org.lxcgroovy.cli.support

import java.util.concurrent.TimeUnit
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * A bridge of a spec's or benchmark's own (never lxcbr0) with a dnsmasq serving DHCP on it the way lxc-net runs
 * its own, with or without {@code no-ping} in the file it reads. {@link #close} takes both away again.
 */
class OwnBridge implements Closeable {
    final String name
    final String address
    private final String prefix
    private final File work = File.createTempDir('lxcg-bridge')
    private Process dnsmasq

    /** {@code name} at {@code prefix}.1/24, e.g. ("lxcgdoc0", "10.0.199"). */
    OwnBridge(String name, String prefix) {
        this.name = name
        this.prefix = prefix
        this.address = "${prefix}.1"
        sh("ip link del $name 2>/dev/null || true")
        sh("ip link add $name type bridge && ip addr add $address/24 dev $name && ip link set $name up")
        // as lxc-net for lxcbr0: a DHCP reply leaves with its checksum to be filled in by an offload a bridge does
        // not have, and busybox's udhcpc drops it
        sh("while iptables -t mangle -D ${checksumFill()} 2>/dev/null; do :; done; iptables -t mangle -A ${checksumFill()}")
    }

    private String checksumFill() {
        "POSTROUTING -o $name -p udp --dport 68 -j CHECKSUM --checksum-fill"
    }

    static String sh(String command) {
        def run = ProcessOutput.of(new ProcessBuilder('sh', '-c', command).redirectErrorStream(true).start(), 30, command)
        assert run.exitCode == 0: "$command: ${run.stdout}"
        run.stdout
    }

    /** (Re)starts dnsmasq with addresses .2 to .{@code last} and a fresh lease file (no lease is known). */
    /** dnsmasq on the bridge, offering {@code prefix.2} to {@code prefix.last}, starting from {@code leases} (lease file lines). */
    void startDnsmasq(boolean noPing, int last, List<String> leases = []) {
        stopDnsmasq()
        File conf = new File(work, 'dnsmasq.conf')
        conf.text = noPing ? 'no-ping\n' : ''
        new File(work, 'leases').text = leases ? leases.join('\n') + '\n' : ''
        dnsmasq = ['dnsmasq', '--keep-in-foreground', "--conf-file=${conf}", '--user=root', '--port=0', '--strict-order',
                   '--bind-interfaces', "--pid-file=${work}/dnsmasq.pid", '--listen-address', address,
                   '--dhcp-range', "${prefix}.2,${prefix}.${last}", "--dhcp-lease-max=${last - 1}", '--except-interface=lo',
                   "--interface=$name", "--dhcp-leasefile=${work}/leases", '--log-dhcp', "--log-facility=${work}/log"]*.toString().execute()
        long deadline = System.currentTimeMillis() + 10_000
        while (!new File(work, 'dnsmasq.pid').exists() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50)
        }
        assert dnsmasq.alive: dnsmasq.errorStream.text
    }

    /** What dnsmasq logged of DHCP, for a spec's failure message. */
    String log() {
        File f = new File(work, 'log')
        f.exists() ? f.readLines().takeRight(40).join('\n') : ''
    }

    void stopDnsmasq() {
        dnsmasq?.destroy()
        dnsmasq?.waitFor(10, TimeUnit.SECONDS)
        dnsmasq = null
        new File(work, 'dnsmasq.pid').delete()
    }

    @Override
    void close() {
        stopDnsmasq()
        sh("while iptables -t mangle -D ${checksumFill()} 2>/dev/null; do :; done")
        sh("ip link del $name 2>/dev/null || true")
        work.deleteDir()
    }
}
