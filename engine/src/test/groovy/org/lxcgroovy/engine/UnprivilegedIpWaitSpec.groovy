package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost

/** Waiting for an address on an unprivileged container: fork-free and prompt, the same features. */
@LiblxcHost
class UnprivilegedIpWaitSpec extends IpWaitSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-ipwait', true, true)
    }
}
