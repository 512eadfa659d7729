package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import org.lxcgroovy.cli.doctor.Doctor
import org.lxcgroovy.dsl.RunJournal
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Mixin
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters
import picocli.CommandLine.ParseResult

/**
 * The {@code lxc-groovy} command: its options and subcommands as one picocli model (which the help, the man page
 * and the completion are made from), and the dispatch to the one class that does each thing: {@link ScriptRun}
 * runs a script file (also as a {@code #!} interpreter) or {@code -e} code, {@link Shell} and {@link Doctor} are
 * the subcommands. Exit statuses cron can act on.
 */
@CompileStatic
@Command(name = 'lxc-groovy', sortOptions = false,
        description = ['Runs a Groovy script that drives LXC containers (liblxc through the lxc-groovy engine).', ''],
        commandListHeading = '%nCommands:%n',
        exitCodeListHeading = '%nExit status:%n',
        exitCodeList = ['0:all good', '1:a container failed in a fleet run (with --inventory: or a host\'s run failed, ' +
                                'timed out or was not run)',
                        '2:the script failed (compile error or uncaught exception), on any host with --inventory',
                        '64:usage error',
                        '69:with --inventory: a host was unreachable, or has no lxc-groovy of this protocol',
                        '75:another run holds the lock (--lock; on a host, a run of the same script)',
                        '130:stopped by Ctrl-C (with --inventory: after cancelling the run on every host)'])
class LxcGroovy {
    /**
     * The subcommands, in the order the help lists them. Added to the model only where the command line may name
     * one (see {@link #run}): picocli makes each one's model, and its object, when it is added.
     */
    private static final List<Class<?>> SUBCOMMANDS = [Shell, Doctor, Recover, Remote] as List<Class<?>>

    static final int OK = 0
    static final int CONTAINERS_FAILED = 1
    static final int SCRIPT_FAILED = 2
    static final int USAGE = 64
    static final int LOCKED = 75

    @Option(names = ['-e', '--eval'], paramLabel = 'CODE', description = 'Run CODE instead of a script file.')
    String code

    @Option(names = '--report', paramLabel = 'FILE',
            description = 'Write the fleet reports to FILE: a page with their timelines if it ends in .html, else JSON.')
    Path reportFile

    @Option(names = '--metrics', paramLabel = 'FILE',
            description = "Write the run's metrics to FILE (Prometheus' text format, for node_exporter's textfile collector).")
    Path metricsFile

    @Option(names = '--check',
            description = 'Change nothing in any container: commands not marked readOnly, file writes, snapshots are ' +
                    "skipped, apt simulates; the report says what would change (Ansible's --check).")
    boolean check

    @Option(names = '--lxcpath', paramLabel = 'DIR',
            description = "Where the script's containers are (containers(), container(NAME)); default: liblxc's, /var/lib/lxc.")
    Path lxcPath

    @Option(names = '--inventory', paramLabel = 'FILE',
            description = 'Run the script on every host of this Ansible inventory (ansible-playbook with the ' +
                    'lxcgroovy.fleet collection); one report, keyed host/container.')
    Path inventory

    @Option(names = '--limit', paramLabel = 'PATTERN', description = 'With --inventory: only these hosts (Ansible\'s --limit).')
    String limit

    @Option(names = '--serial', paramLabel = 'N|N%', description = 'With --inventory: hosts in batches of N (Ansible\'s serial).')
    String serial

    @Option(names = '--max-fail-percent', paramLabel = 'P',
            description = 'With --inventory: stop before the next batch when more than P%% of a batch failed.')
    Integer maxFailPercent

    @Option(names = '--forks', paramLabel = 'N', description = 'With --inventory: hosts at a time (Ansible\'s --forks).')
    Integer forks

    @Option(names = '--host-timeout', paramLabel = 'SECONDS',
            description = 'With --inventory: a host\'s run is stopped after SECONDS (what it started is shut down).')
    Long hostTimeout

    @Option(names = '--lock', description = 'Run only if no other run of this script is running, else exit 75.')
    boolean lock

    @Option(names = '--lock-file', paramLabel = 'FILE',
            description = 'The lock --lock takes (default: one per script, in /run/lock); implies --lock.')
    Path lockFile

    @Mixin
    JournalDirOption journal = new JournalDirOption()

    @Option(names = '--no-cache', description = 'Compile the script even if its compiled classes are cached.')
    boolean noCache

    @Option(names = ['-v', '--verbose'],
            description = "Show liblxc's own log lines (on stderr, as 'liblxc: ...'); with --inventory, the ansible-playbook command.")
    boolean verbose

    @Option(names = '--stacktrace', description = 'Show the whole stack trace when the script fails.')
    boolean stacktrace

    @Option(names = ['-h', '--help'], usageHelp = true, description = 'Show this help and exit.')
    boolean help

    @Option(names = ['-V', '--version'], versionHelp = true, description = 'Show the versions and exit.')
    boolean version

    @Parameters(paramLabel = 'SCRIPT [ARGS]', description = 'The script file, then its arguments (as `args`).')
    List<String> positional = []

    /** {@link Main} comes here for everything but {@code --help} and {@code --version}. */
    static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err))
    }

    /** The picocli model of the command and its subcommands. */
    static CommandLine commandLine() {
        def cli = scriptCommandLine()
        SUBCOMMANDS.each { cli.addSubcommand(it.getDeclaredConstructor().newInstance()) }
        cli
    }

    /** The model of the command alone: what a script run (a file or -e) parses with. */
    private static CommandLine scriptCommandLine() {
        def cli = new CommandLine(new LxcGroovy())
        cli.stopAtPositional = true     // everything after the script belongs to the script
        cli
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        ParseResult parsed
        try {
            parsed = scriptCommandLine().parseArgs(argv)
            if (needsSubcommands(parsed)) {
                parsed = commandLine().parseArgs(argv)
            }
        } catch (CommandLine.ParameterException e) {
            usageError(e, err)
            return USAGE
        }
        StartupTimes.mark('command line')
        ParseResult asked = parsed.hasSubcommand() ? parsed.subcommand() : parsed
        if (asked.isUsageHelpRequested()) {
            asked.commandSpec().commandLine().usage(out)
            return OK
        }
        if (parsed.isVersionHelpRequested()) {
            out.println(Versions.text())
            return OK
        }
        Object command = asked.commandSpec().userObject()
        if (command instanceof Shell) {
            return ((Shell) command).start()
        }
        if (command instanceof Doctor) {
            return ((Doctor) command).run(out, err)
        }
        if (command instanceof Recover) {
            return ((Recover) command).run(out, err)
        }
        if (command instanceof Remote) {
            return ((Remote) command).run(System.in, out, err)
        }
        ((LxcGroovy) command).runScript(out, err)
    }

    /**
     * Whether the command alone cannot answer: its first positional names a subcommand (which the whole model parses
     * as the subcommand, before any script of that name), or the help is asked for (it lists them). Options before
     * the first positional are the command's own in both models, so a usage error there reads the same.
     */
    private static boolean needsSubcommands(ParseResult scriptOnly) {
        String first = ((LxcGroovy) scriptOnly.commandSpec().userObject()).positional[0]
        scriptOnly.isUsageHelpRequested() || SUBCOMMANDS.any { it.getAnnotation(Command).name() == first }
    }

    /**
     * One line naming what was wrong, and where to look: the subcommand's synopsis for a subcommand, the hint to
     * --help for the command itself.
     */
    private static void usageError(CommandLine.ParameterException e, PrintStream err) {
        CommandSpec spec = e.commandLine.commandSpec
        if (spec.parent() != null && e instanceof CommandLine.UnmatchedArgumentException) {
            String unmatched = ((CommandLine.UnmatchedArgumentException) e).unmatched.first()
            err.println("${spec.qualifiedName()}: unknown argument ${unmatched}; usage: ${synopsis(spec)}")
            return
        }
        err.println("lxc-groovy: ${e.message}")
        err.println("Try '${spec.qualifiedName()} --help'.")
    }

    /** "lxc-groovy doctor [--json]": the name and the options that do something (not --help). */
    static String synopsis(CommandSpec spec) {
        ([spec.qualifiedName()] + spec.options().findAll { !it.usageHelp() && !it.versionHelp() }.collect {
            "[${it.longestName()}${it.typeInfo().isBoolean() ? '' : ' ' + it.paramLabel()}]".toString()
        } + spec.positionalParameters().collect { "[${it.paramLabel()}]".toString() }).join(' ')
    }

    private int runScript(PrintStream out, PrintStream err) {
        if (code == null && positional.isEmpty()) {
            err.println('lxc-groovy: give a script file or -e CODE; see --help')
            return USAGE
        }
        if (inventory != null) {
            return runOnHosts(out, err)
        }
        String hostOnly = [limit: '--limit', serial: '--serial', maxFailPercent: '--max-fail-percent', forks: '--forks',
                           hostTimeout: '--host-timeout'].find { String field, String name -> this[field] != null }?.value
        if (hostOnly != null) {
            err.println("lxc-groovy: ${hostOnly} is for runs over many hosts: give --inventory FILE")
            return USAGE
        }
        if (lxcPath != null && !Files.isDirectory(lxcPath)) {
            err.println("lxc-groovy: --lxcpath ${lxcPath}: no such directory")
            return USAGE
        }
        def run = new ScriptRun(code: code, positional: positional, reportFile: reportFile, lock: lock || lockFile != null,
                lockFile: lockFile, noCache: noCache, verbose: verbose, stacktrace: stacktrace, lxcPath: lxcPath?.toString(),
                metricsFile: metricsFile, check: check)
        run.journalDir = journal.journalDir
        run.execute(out, err)
    }

    private int runOnHosts(PrintStream out, PrintStream err) {
        if (code != null || lxcPath != null || lock || lockFile != null || metricsFile != null || journal.journalDir != RunJournal.DEFAULT_DIR) {
            err.println('lxc-groovy: --inventory runs a script file on each host; -e, --lxcpath (the inventory\'s lxc_path), ' +
                    '--lock (each host locks its run), --journal-dir (each host keeps its own) and --metrics (not yet ' +
                    'over many hosts) do not go with it')
            return USAGE
        }
        new ManyHosts(inventory: inventory, limit: limit, serial: serial, maxFailPercent: maxFailPercent, forks: forks,
                hostTimeout: hostTimeout, script: Path.of(positional[0]), scriptArgs: positional.drop(1),
                reportFile: reportFile, verbose: verbose, check: check).execute(out, err)
    }
}
