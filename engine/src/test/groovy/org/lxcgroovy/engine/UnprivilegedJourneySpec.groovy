package org.lxcgroovy.engine

/** The api_test journey again, on a root-owned unprivileged container (lxc.idmap onto root's subordinate ids). */
class UnprivilegedJourneySpec extends ApiJourneySpec {
    @Override
    String journeyName() {
        LxcHost.PREFIX + 'ujourney'
    }

    @Override
    void createIt(Container c) {
        def (uids, gids) = LxcHost.rootSubordinateRanges()
        c.setConfigItem('lxc.idmap', ["u 0 ${uids[0]} 65536".toString(), "g 0 ${gids[0]} 65536".toString()])
        c.create('busybox')
        assert IdMap.of(c).hostUid(0) == uids[0]
    }
}
