package org.lxcgroovy.engine

import spock.lang.Requires

/** Resource figures (cgroup, NIC counters) of an unprivileged container: the same features as on a privileged one. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class UnprivilegedStatsSpec extends StatsSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-stats', true, true)
    }
}
