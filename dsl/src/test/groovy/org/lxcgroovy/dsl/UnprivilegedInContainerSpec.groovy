package org.lxcgroovy.dsl

import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.LxcHost
import spock.lang.Requires

/** Closures "in the container" on an unprivileged container: the same features as on a privileged one. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class UnprivilegedInContainerSpec extends InContainerSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-inside', false, true)
    }
}
