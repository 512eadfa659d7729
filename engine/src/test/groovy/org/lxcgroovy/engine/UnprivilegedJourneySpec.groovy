package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
/** The api_test journey again, on a root-owned unprivileged container (lxc.idmap onto root's subordinate ids). */
class UnprivilegedJourneySpec extends ApiJourneySpec {
    @Override
    String journeyName() {
        LxcHost.PREFIX + 'ujourney'
    }

    @Override
    void createIt(Container c) {
        c.setConfigItem('lxc.idmap', LxcHost.rootIdmap())
        c.create('busybox')
        assert IdMap.of(c).hostUid(0) == LxcHost.rootSubordinateRanges()[0][0]
    }
}
