package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.time.Duration

/** What one container's part of a fleet run came to. */
@CompileStatic
class FleetResult {
    final String container
    /** The body ran to its end without an exception or a timeout. */
    boolean ok
    /** Why not, in one line: the exception's message (operation, container, liblxc's reason); null when ok. */
    String error
    boolean timedOut
    Duration duration = Duration.ZERO
    /** The run started the container (ensureRunning) and so shut it down afterwards. */
    boolean startedByRun
    /** The run thawed the container (ensureRunning on a frozen one) and so froze it again afterwards. */
    boolean thawedByRun
    /** What the body logged and printed, and each command it ran with its outcome, in order. */
    final List<String> output = Collections.synchronizedList(new ArrayList<String>())

    FleetResult(String container) {
        this.container = container
    }

    Map<String, Object> toMap() {
        [container: container, ok: ok, error: error, timedOut: timedOut, seconds: duration.toMillis() / 1000.0,
         startedByRun: startedByRun, thawedByRun: thawedByRun, output: new ArrayList<String>(output)] as Map<String, Object>
    }

    @Override
    String toString() {
        ok ? "$container: ok" : "$container: FAILED: $error"
    }
}
