package org.lxcgroovy.dsl

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.Container

/** Closures "in the container" on an unprivileged container: the same features as on a privileged one. */
@LiblxcHost
class UnprivilegedInContainerSpec extends InContainerSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-inside', false, true)
    }
}
