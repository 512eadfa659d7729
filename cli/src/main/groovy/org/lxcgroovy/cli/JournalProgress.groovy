package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import org.lxcgroovy.dsl.FleetProgress
import org.lxcgroovy.dsl.FleetResult

/**
 * A fleet run as journal entries, each about its container: what the body printed (info), each container's end
 * (info when ok, an error when it failed or timed out, with the reason), and the report's lines (debug: every
 * command and its outcome, what was shut down, what check mode skipped).
 */
@CompileStatic
class JournalProgress extends FleetProgress {
    private final Journal journal

    JournalProgress(Journal journal) {
        this.journal = journal
    }

    @Override
    void line(String text) {
        journal.send(Journal.INFO, text)
    }

    @Override
    void printed(FleetResult r, String text) {
        journal.send(Journal.INFO, text, r.container)
    }

    @Override
    void noted(FleetResult r, String line) {
        journal.send(Journal.DEBUG, line, r.container)
    }

    @Override
    void finished(FleetResult r) {
        String took = String.format('%.2f s', r.duration.toMillis() / 1000.0d)
        journal.send(r.ok ? Journal.INFO : Journal.ERR,
                r.ok ? "${r.container} ok (${took})".toString() : "${r.container} ${r.outcome} (${took}): ${r.error}".toString(),
                r.container)
    }
}
