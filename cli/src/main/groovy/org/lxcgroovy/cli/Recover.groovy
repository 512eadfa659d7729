package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.time.Duration
import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.RunJournal
import org.lxcgroovy.engine.Container
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Option

/**
 * {@code lxc-groovy recover [--rollback]}: puts back what killed runs left, as each run would have on its way out:
 * shuts down the containers it started, thaws what its bodies froze, freezes again what it thawed; with
 * {@code --rollback} also restores the guard snapshot of each container it left mid guarded body (else that is
 * only said). Each container's outcome on its own line; a container that fails does not stop the others.
 */
@CompileStatic
@Command(name = 'recover',
        description = 'Put back what killed runs left (their journals): shut down what a run started, thaw what it froze, freeze again what it thawed.',
        exitCodeListHeading = '%nExit status:%n',
        exitCodeList = ['0:nothing failed (also: nothing was left)', '1:putting a container back failed', '64:usage error'])
class Recover {
    /**
     * Each run's leftovers in this order (then by name): a rollback stops the container; a frozen one cannot take a
     * halt signal.
     */
    private static final List<RunJournal.Kind> ORDER = [RunJournal.Kind.MID_BODY, RunJournal.Kind.FROZEN,
                                                        RunJournal.Kind.THAWED, RunJournal.Kind.STARTED]

    @Option(names = '--rollback',
            description = 'Also restore the guard snapshot of each container a killed run left mid guarded body (snapshot: true).')
    boolean rollback

    @Option(names = '--shutdown-timeout', paramLabel = 'SECONDS',
            description = 'How long a container the run started gets to halt cleanly before it is stopped (default: 30).')
    int shutdownTimeout = 30

    @Mixin
    JournalDirOption journal = new JournalDirOption()

    @Option(names = ['-h', '--help'], usageHelp = true, description = 'Show this help and exit.')
    boolean help

    int run(PrintStream out, PrintStream err) {
        if (shutdownTimeout < 0) {
            err.println("lxc-groovy recover: --shutdown-timeout must be 0 or more seconds, not ${shutdownTimeout}")
            return LxcGroovy.USAGE
        }
        List<RunJournal.DeadRun> dead = LeftBehind.read(journal.journalDir)
        if (!dead) {
            out.println('nothing to recover: no killed run left a container changed')
            return LxcGroovy.OK
        }
        int failed = 0
        for (RunJournal.DeadRun run : dead) {
            out.println("killed ${run.describe()}:")
            List<RunJournal.Leftover> inOrder = run.leftovers.sort(false) { RunJournal.Leftover x, RunJournal.Leftover y ->
                ORDER.indexOf(x.kind) <=> ORDER.indexOf(y.kind) ?: x.name <=> y.name
            }
            for (RunJournal.Leftover l : inOrder) {
                Container c = new Container(l.name, l.lxcpath)
                try {
                    String done = putBack(c, l)
                    if (done == null) {
                        out.println("  ${l.describe()}; left so: --rollback restores that snapshot")
                    } else {
                        run.resolve(l, 'lxc-groovy recover')
                        out.println("  ${l.name}: ${done}")
                    }
                } catch (Exception e) {
                    failed++
                    out.println("  ${l.name}: FAILED: ${Fleet.oneLine(e)}")
                } finally {
                    c.close()
                }
            }
        }
        LeftBehind.read(journal.journalDir)     // forgets the runs nothing is left of
        failed ? LxcGroovy.CONTAINERS_FAILED : LxcGroovy.OK
    }

    /** Puts {@code c} back for {@code l}; what was done, or null when it is left (a body without --rollback). */
    private String putBack(Container c, RunJournal.Leftover l) {
        switch (l.kind) {
            case RunJournal.Kind.STARTED:
                if (!c.running) {
                    return 'stopped already'
                }
                if (c.shutdown(Duration.ofSeconds(shutdownTimeout))) {
                    return 'shut down'
                }
                c.stop()
                return "stopped (no clean halt within ${shutdownTimeout} s)".toString()
            case RunJournal.Kind.THAWED:
                c.freeze()
                return 'frozen again, as the run found it'
            case RunJournal.Kind.FROZEN:
                c.unfreeze()
                return 'thawed'
            default:
                if (!rollback) {
                    return null
                }
                if (c.running) {
                    c.stop()
                }
                c.snapshotRestore(l.snapshot)
                if (l.foundRunning) {
                    c.start()
                }
                return "rolled back to ${l.snapshot}${l.foundRunning ? ', started again as the run found it' : ''}".toString()
        }
    }
}
