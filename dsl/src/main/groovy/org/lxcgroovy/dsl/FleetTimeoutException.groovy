package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import org.lxcgroovy.engine.LxcException

/** A container's part of a fleet run used up its {@code timeout}. */
@CompileStatic
class FleetTimeoutException extends LxcException {
    FleetTimeoutException(String container, String doing, long seconds) {
        super(LxcException.Kind.TIMED_OUT, 'fleet', container, "timeout of $seconds s reached${doing ? ' while ' + doing : ''}")
    }
}
