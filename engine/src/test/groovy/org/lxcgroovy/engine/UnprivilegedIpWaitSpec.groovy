package org.lxcgroovy.engine

import spock.lang.Requires

/** Waiting for an address on an unprivileged container: fork-free and prompt, the same features. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class UnprivilegedIpWaitSpec extends IpWaitSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-ipwait', true, true)
    }
}
