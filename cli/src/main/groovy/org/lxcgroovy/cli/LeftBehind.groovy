package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.Path
import org.lxcgroovy.dsl.RunJournal
import org.lxcgroovy.engine.LxcException

/**
 * What killed runs left (their journals, checked against the containers now), as the command tells it: before
 * any run, in {@code doctor}, and to {@code recover}.
 */
@CompileStatic
final class LeftBehind {
    private LeftBehind() {
    }

    /** What killed runs in {@code dir} left; none when the directory cannot be read (not root: no run wrote it). */
    static List<RunJournal.DeadRun> read(Path dir) {
        try {
            RunJournal.leftBehind(dir)
        } catch (IOException | LxcException ignored) {
            []
        }
    }

    /**
     * "killed run 1234 of ... left: web-1: started by the run, still running; ..." for each run, its containers by
     * name (a fleet's parallel steps reach the journal in whatever order they ran).
     */
    static List<String> describe(List<RunJournal.DeadRun> dead) {
        dead.collect { RunJournal.DeadRun run ->
            List<RunJournal.Leftover> byName = run.leftovers.sort(false) { RunJournal.Leftover x, RunJournal.Leftover y ->
                x.name <=> y.name ?: x.kind <=> y.kind
            }
            "killed ${run.describe()} left: ${byName*.describe().join('; ')}".toString()
        }
    }

    /** The way out, for what {@code dead} left. */
    static String wayOut(List<RunJournal.DeadRun> dead) {
        boolean guarded = dead.any { run -> run.leftovers.any { it.kind == RunJournal.Kind.MID_BODY } }
        '`lxc-groovy recover` puts them back as the run would have' +
                (guarded ? ' (with --rollback it also restores the guard snapshots of bodies left half done)' : '') +
                '; a fleet run over them takes them over'
    }

    /** Before a run: on stderr, each line prefixed as the command's own. */
    static void warn(List<RunJournal.DeadRun> dead, PrintStream err) {
        if (dead) {
            describe(dead).each { err.println("lxc-groovy: $it") }
            err.println("lxc-groovy: ${wayOut(dead)}")
        }
    }
}
