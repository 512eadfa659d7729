package org.lxcgroovy.engine;

import org.lxcgroovy.engine.internal.jna.LibC;

/**
 * The engine drives root's containers only. A normal user's containers (under {@code ~/.local/share/lxc}) would
 * need a single-threaded helper process for file access (a multithreaded process cannot join a user namespace)
 * and delegated cgroups; without them liblxc fails deep inside with reasons that do not say so ("You lack access
 * to ...", "HOME isn't set"). So a non-root caller gets one error that does, before liblxc is asked.
 */
final class RootCaller {
    private RootCaller() {
    }

    /** Throws {@link LxcException.Kind#REFUSED} naming {@code operation} unless this process runs as root. */
    static void require(String operation, String container) {
        int euid = LibC.INSTANCE.geteuid();
        if (euid != 0) {
            throw new LxcException(LxcException.Kind.REFUSED, operation, container,
                    "lxc-groovy drives root's containers and runs as uid " + euid + " (" + System.getProperty("user.name")
                            + "): run it as root; containers of a normal user (~/.local/share/lxc) are not supported");
        }
    }
}
