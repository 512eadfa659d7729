package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost

/**
 * Container files on an unprivileged container, whose init runs as host uid 100000: the same features, planted
 * symlinks and FIFOs included.
 */
@LiblxcHost
class UnprivilegedFilesSpec extends FilesSpec {
    @Override
    Container startContainer() {
        LxcHost.running('unpriv-files', false, true)
    }
}
