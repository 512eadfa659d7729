package org.lxcgroovy.engine

import spock.lang.Requires
import spock.lang.Specification

/** Base of the specs that drive real containers. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
abstract class LxcSpecification extends Specification {
}
