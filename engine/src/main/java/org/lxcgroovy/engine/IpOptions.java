package org.lxcgroovy.engine;

import java.time.Duration;

/**
 * Which addresses {@link Container#getIps(IpOptions)} reports, python's {@code get_ips}: {@code family}
 * ("inet", "inet6"; null: both), {@code iface} (null: all but {@code lo}), {@code scope} (IPv6: 0 global, else the
 * interface index of a link-local address), and how long to wait for one to appear ({@code timeout}; null: not).
 */
public record IpOptions(String family, String iface, int scope, Duration timeout) {
    public static final IpOptions DEFAULT = new IpOptions(null, null, 0, null);

    public IpOptions {
        if (family != null && !family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("family must be 'inet' or 'inet6', not '" + family + "'");
        }
    }

    public IpOptions withFamily(String f) {
        return new IpOptions(f, iface, scope, timeout);
    }

    public IpOptions withInterface(String i) {
        return new IpOptions(family, i, scope, timeout);
    }

    public IpOptions withScope(int s) {
        return new IpOptions(family, iface, s, timeout);
    }

    public IpOptions withTimeout(Duration t) {
        return new IpOptions(family, iface, scope, t);
    }
}
