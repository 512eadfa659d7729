package org.lxcgroovy.engine

import spock.lang.Requires

/**
 * Container files on an unprivileged container, whose init runs as host uid 100000: the same features, planted
 * symlinks and FIFOs included.
 */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class UnprivilegedFilesSpec extends FilesSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-files', false, true)
    }
}
