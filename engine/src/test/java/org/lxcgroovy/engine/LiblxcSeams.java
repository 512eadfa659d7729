package org.lxcgroovy.engine;

import java.util.List;

/**
 * For the probes in {@code support} (test sources only): liblxc's own forking getters, which the engine keeps
 * package-private as the control its fork-free ones are measured against, and the attach helpers' pids.
 */
public final class LiblxcSeams {
    private LiblxcSeams() {
    }

    public static List<String> getIps(Container c, String family, String iface, int scope) {
        return c.getIpsFromLiblxc(family, iface, scope);
    }

    /** The pids of the attach helpers that run. */
    public static List<Integer> helperPids() {
        return AttachHelper.runningPids();
    }

    public static List<String> getInterfaces(Container c) {
        return c.getInterfacesFromLiblxc();
    }
}
