package org.lxcgroovy.dsl.net

import groovy.transform.CompileStatic
import java.time.Duration
import java.time.Instant
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.LxcException

/**
 * A container's place in the DHCP queue of its bridge. Many new containers starting together each ask the bridge's
 * dnsmasq for a lease; lxc-net's pings each address before offering it and so answers one new client per ~3 s:
 * the 24th of 24 waits ~72 s, longer than an address wait's usual timeout, while nothing is wrong. So a wait that
 * ran out goes on while the queue moves — the server wrote its lease file within {@link #MOVING} — and ends with
 * the reason when something really is wrong: no server, a full range, a server that stopped answering.
 */
@CompileStatic
class DhcpQueue {
    /** The lease file written this recently: the server is granting leases, the queue moves. */
    static final Duration MOVING = Duration.ofSeconds(15)
    /** However long the queue moves, a container waits at most this long beyond its own timeout. */
    static final Duration MOST = Duration.ofMinutes(10)

    final BridgeDhcp dhcp
    /** The container's MAC (lower case), or null when it draws one at each start. */
    final String mac

    private DhcpQueue(BridgeDhcp dhcp, String mac) {
        this.dhcp = dhcp
        this.mac = mac
    }

    /** The queue of the bridge of {@code c}'s first NIC; null when that is no veth on a bridge. */
    static DhcpQueue of(Container c) {
        try {
            if (c.getConfigItem('lxc.net.0.type') != 'veth' || !c.getConfigItem('lxc.net.0.link')) {
                return null
            }
            String hwaddr = c.getConfigItem('lxc.net.0.hwaddr') as String
            new DhcpQueue(BridgeDhcp.of(c.getConfigItem('lxc.net.0.link') as String),
                    hwaddr && !hwaddr.toLowerCase(Locale.ROOT).contains('x') ? hwaddr.toLowerCase(Locale.ROOT) : null)
        } catch (LxcException ignored) {
            null    // no first NIC
        }
    }

    /** Why the container cannot get an address here, or null when it may be waiting its turn. */
    String cause() {
        dhcp.noAddressCause(mac)
    }

    /** Whether the server is still granting leases: worth waiting on. */
    boolean moving() {
        Instant written = dhcp.leasesWritten()
        cause() == null && written != null && !written.isBefore(Instant.now() - MOVING)
    }

    /** Why the wait failed in the end: the cause, or a server that stopped answering. */
    String whyNone() {
        cause() ?: "the DHCP server on ${dhcp.bridge} (dnsmasq, pid ${dhcp.server.pid}) has not answered it".toString()
    }
}
