package org.lxcgroovy.dsl.net

import groovy.transform.CompileStatic
import java.time.Duration
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.IpOptions
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.LxcException

/**
 * A container's place in the DHCP queue of its bridge. lxc-net's dnsmasq pings each address before offering it, so
 * it answers one DISCOVER per ~3 s; new containers starting together queue behind each other, and a client whose
 * offer comes late gives up and asks again after a pause (busybox's udhcpc: 3 tries 3 s apart, then 20 s): 12 new
 * busybox containers on lxcbr0 got no address for 28 s, then all of them within 10 s more. So an address wait
 * that ran out while the queue can still explain it goes on — ~3 s for each container on the bridge still without
 * an address, and 30 s for a client's pause — and a wait that fails says why: no DHCP server, a full range, or a
 * server that did not answer in that time.
 */
@CompileStatic
class DhcpQueue {
    /** What a pinging dnsmasq takes per client (its ping's timeout). */
    static final Duration PER_CLIENT = Duration.ofSeconds(3)
    /** A client that got no offer in time asks again after a pause (udhcpc's 20 s, and its 3 tries). */
    static final Duration CLIENT_PAUSE = Duration.ofSeconds(30)

    final BridgeDhcp dhcp
    /** The container's MAC (lower case), or null when it draws one at each start. */
    final String mac
    private final String lxcpath

    private DhcpQueue(BridgeDhcp dhcp, String mac, String lxcpath) {
        this.dhcp = dhcp
        this.mac = mac
        this.lxcpath = lxcpath
    }

    /** The queue of the bridge of {@code c}'s first NIC; null when that is no veth on a bridge. */
    static DhcpQueue of(Container c) {
        String link = link(c)
        if (link == null) {
            return null
        }
        String hwaddr = c.getConfigItem('lxc.net.0.hwaddr') as String
        new DhcpQueue(BridgeDhcp.of(link), hwaddr && !hwaddr.toLowerCase(Locale.ROOT).contains('x')
                ? hwaddr.toLowerCase(Locale.ROOT) : null, c.configPath)
    }

    /** The bridge of {@code c}'s first NIC when it is a veth; null otherwise. */
    private static String link(Container c) {
        try {
            c.getConfigItem('lxc.net.0.type') == 'veth' ? (c.getConfigItem('lxc.net.0.link') as String ?: null) : null
        } catch (LxcException ignored) {
            null    // no first NIC
        }
    }

    /** Why the container cannot get an address here, or null when it may be waiting its turn. */
    String cause() {
        dhcp.noAddressCause(mac)
    }

    /** The running containers of this lxcpath on the bridge that have no IPv4 address yet (this one among them). */
    int waiting() {
        int n = 0
        for (String name : Lxc.listContainers(true, false, lxcpath)) {
            Container c = new Container(name, lxcpath)
            try {
                if (link(c) == dhcp.bridge && c.running && c.getIps(IpOptions.DEFAULT.withFamily('inet')).isEmpty()) {
                    n++
                }
            } catch (LxcException ignored) {
                // stopped or gone meanwhile
            } finally {
                c.close()
            }
        }
        n
    }

    /**
     * How much longer than its timeout a wait may go on for the queue: nothing when something is wrong or the server
     * offers at once (no-ping); else {@link #PER_CLIENT} for each container waiting, and {@link #CLIENT_PAUSE}.
     */
    Duration extension(int waiting) {
        cause() != null || dhcp.server.noPing ? Duration.ZERO : PER_CLIENT.multipliedBy(waiting).plus(CLIENT_PAUSE)
    }

    /** Why the wait failed in the end: the cause, or a server that did not answer in time. */
    String whyNone() {
        cause() ?: "the DHCP server on ${dhcp.bridge} (dnsmasq, pid ${dhcp.server.pid}) has not answered it".toString()
    }
}
