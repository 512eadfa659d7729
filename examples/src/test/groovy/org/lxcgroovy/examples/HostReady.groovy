package org.lxcgroovy.examples

import org.lxcgroovy.engine.Lxc

/** Why this host cannot run containers, or null; under CI=true an unprepared host is an error, not a skip. */
class HostReady {
    static String problem() {
        String why = null
        if (!new File('/sys/class/net/lxcbr0').exists()) {
            why = 'the lxcbr0 bridge is down (dev/setup-host brings it up)'
        } else {
            try {
                Lxc.version()
            } catch (Throwable t) {
                why = "liblxc cannot be loaded: ${t.message}"
            }
        }
        if (why && System.getenv('CI')) {
            throw new IllegalStateException("CI host is not prepared: $why")
        }
        why
    }
}
