package org.lxcgroovy.cli.bench

import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import org.lxcgroovy.cli.support.OwnBridge
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.Nic

/**
 * What the doctor's ping-check warning is about, measured: busybox containers started together on a bridge of
 * the bench's own, served by a dnsmasq as lxc-net runs it, first with its ping check and then with no-ping (fresh
 * leases each time, so every address is new). Prints the seconds from start to address, side by side.
 */
class DhcpBench {
    static final int CONTAINERS = 6
    static final String PREFIX = 'lxcg-bench-dhcp-'

    static void main(String[] args) {
        List<Container> made = []
        OwnBridge bridge = new OwnBridge('lxcgbench0', '10.0.198')
        try {
            Lxc.listContainers().findAll { it.startsWith(PREFIX) }.each { destroy(new Container(it)) }
            (1..CONTAINERS).each { int n ->
                def c = new Container("$PREFIX$n")
                c.create('busybox')
                c.setConfigItem('lxc.net.0.link', bridge.name)
                c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(c.name))
                c.saveConfig()
                made << c
            }
            println "\n$CONTAINERS busybox containers started together on a bridge of their own; seconds from start to IPv4 address"
            [['dnsmasq as lxc-net runs it (ping check)', false], ['the same with no-ping', true]].each { way ->
                bridge.startDnsmasq(way[1] as boolean, 100)
                List<Double> seconds = addresses(made).sort()
                printf('  %-42s median %5.1f s, last %5.1f s: %s%n', way[0], seconds[seconds.size().intdiv(2)], seconds.last(),
                        seconds.collect { String.format('%.1f', it) }.join(' '))
                made.each { it.stop() }
            }
        } finally {
            made.each { destroy(it) }
            bridge.close()
        }
    }

    /** Starts every container at once and returns, for each, the seconds until it had an IPv4 address (60 at most). */
    static List<Double> addresses(List<Container> containers) {
        def pool = Executors.newFixedThreadPool(containers.size())
        try {
            pool.invokeAll(containers.collect { Container c ->
                { ->
                    long t0 = System.nanoTime()
                    c.start()
                    List<String> ips = c.getIps('inet', 'eth0', 0, Duration.ofSeconds(60))
                    ips ? (System.nanoTime() - t0) / 1e9d : 60d
                } as Callable<Double>
            })*.get()
        } finally {
            pool.shutdownNow()
        }
    }

    static void destroy(Container c) {
        if (c.running) {
            c.stop()
        }
        if (c.defined) {
            c.destroy()
        }
        c.close()
    }
}
