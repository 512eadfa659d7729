package org.lxcgroovy.engine;

import java.util.List;

/**
 * A view of one network interface of a container's configuration: its properties read and write the
 * {@code lxc.net.N.*} keys, as python3-lxc's {@code container.network[N]}:
 * {@code c.network[0].ipv4 = '10.0.3.50'} sets {@code lxc.net.0.ipv4.address}.
 */
public final class Nic {
    private final Container container;
    private final int index;

    Nic(Container container, int index) {
        this.container = container;
        this.index = index;
    }

    /**
     * A locally administered MAC in LXC's 00:16:3e range that is the same for the same {@code seed} (a container's
     * name, say): dnsmasq then remembers the lease, and a restarted or re-created container gets its address at once.
     */
    public static String stableHwaddr(String seed) {
        int h = seed.hashCode();
        return String.format("00:16:3e:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }

    public int getIndex() {
        return index;
    }

    private String key(String sub) {
        return "lxc.net." + index + "." + sub;
    }

    /** Any {@code lxc.net.N.<sub>} item: a String, or a List for multi-valued keys. */
    public Object get(String sub) {
        return container.getConfigItem(key(sub));
    }

    /** Replaces {@code lxc.net.N.<sub>}. */
    public void set(String sub, String value) {
        container.setConfigItem(key(sub), value);
    }

    /** Replaces every value of a multi-valued {@code lxc.net.N.<sub>} (ipv4.address, ...). */
    public void set(String sub, List<String> values) {
        container.setConfigItem(key(sub), values);
    }

    private String string(String sub) {
        Object v = get(sub);
        return v == null ? null : v.toString();
    }

    public String getType() { return string("type"); }
    public void setType(String v) { set("type", v); }
    public String getLink() { return string("link"); }
    public void setLink(String v) { set("link", v); }
    public String getFlags() { return string("flags"); }
    public void setFlags(String v) { set("flags", v); }
    public String getHwaddr() { return string("hwaddr"); }
    public void setHwaddr(String v) { set("hwaddr", v); }
    public String getName() { return string("name"); }
    public void setName(String v) { set("name", v); }
    public String getMtu() { return string("mtu"); }
    public void setMtu(String v) { set("mtu", v); }
    public void setMtu(int v) { set("mtu", Integer.toString(v)); }
    public String getVethPair() { return string("veth.pair"); }
    public void setVethPair(String v) { set("veth.pair", v); }
    public String getScriptUp() { return string("script.up"); }
    public void setScriptUp(String v) { set("script.up", v); }
    public String getScriptDown() { return string("script.down"); }
    public void setScriptDown(String v) { set("script.down", v); }
    /** {@code ipv4.address}: a String or List (several addresses). */
    public Object getIpv4() { return get("ipv4.address"); }
    public void setIpv4(String v) { set("ipv4.address", v); }
    public void setIpv4(List<String> v) { set("ipv4.address", v); }
    public String getIpv4Gateway() { return string("ipv4.gateway"); }
    public void setIpv4Gateway(String v) { set("ipv4.gateway", v); }
    public Object getIpv6() { return get("ipv6.address"); }
    public void setIpv6(String v) { set("ipv6.address", v); }
    public void setIpv6(List<String> v) { set("ipv6.address", v); }
    public String getIpv6Gateway() { return string("ipv6.gateway"); }
    public void setIpv6Gateway(String v) { set("ipv6.gateway", v); }

    @Override
    public String toString() {
        return "Nic[" + container.getName() + " lxc.net." + index + "]";
    }
}
