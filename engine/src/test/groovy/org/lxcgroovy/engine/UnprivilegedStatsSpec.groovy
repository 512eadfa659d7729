package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost

/** Resource figures (cgroup, NIC counters) of an unprivileged container: the same features as on a privileged one. */
@LiblxcHost
class UnprivilegedStatsSpec extends StatsSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-stats', true, true)
    }
}
