package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import org.lxcgroovy.cli.doctor.Doctor
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.ParseResult

/**
 * The {@code lxc-groovy} command: the model of its options ({@link LxcGroovyOptions}) with the subcommands, one
 * picocli model (which the help, the man page and the completion are made from), and the dispatch to the one class
 * that does each thing: {@link ScriptRun} runs a script file (also as a {@code #!} interpreter) or {@code -e} code,
 * {@link ManyHosts} runs one over an inventory, {@link Shell}, {@link Doctor}, {@link Recover} and {@link Remote}
 * are the subcommands. Exit statuses cron can act on.
 */
@CompileStatic
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

    /**
     * {@link Main} comes here for everything but {@code --help} and {@code --version}, with the command line parsed
     * by the command's own model while Groovy started.
     */
    static void main(String[] argv, LxcGroovyOptions.Parsed parsed) {
        System.exit(run(argv, parsed, System.out, System.err))
    }

    /** The picocli model of the command and its subcommands. */
    static CommandLine commandLine() {
        def cli = LxcGroovyOptions.commandLine()
        SUBCOMMANDS.each { cli.addSubcommand(it.getDeclaredConstructor().newInstance()) }
        cli
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        run(argv, LxcGroovyOptions.parse(argv), out, err)
    }

    private static int run(String[] argv, LxcGroovyOptions.Parsed scriptOnly, PrintStream out, PrintStream err) {
        ParseResult parsed
        try {
            parsed = scriptOnly.get()
            if (needsSubcommands(scriptOnly)) {
                parsed = commandLine().parseArgs(argv)
            }
        } catch (CommandLine.ParameterException e) {
            usageError(e, err)
            return USAGE
        }
        StartupTimes.mark('dispatch')
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
        runScript((LxcGroovyOptions) command, out, err)
    }

    /**
     * Whether the command alone cannot answer: its first positional names a subcommand (which the whole model parses
     * as the subcommand, before any script of that name), or the help is asked for (it lists them). Options before
     * the first positional are the command's own in both models, so a usage error there reads the same.
     */
    private static boolean needsSubcommands(LxcGroovyOptions.Parsed scriptOnly) {
        String first = scriptOnly.firstPositional()
        scriptOnly.result().isUsageHelpRequested() || SUBCOMMANDS.any { it.getAnnotation(Command).name() == first }
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

    private static int runScript(LxcGroovyOptions options, PrintStream out, PrintStream err) {
        if (options.code == null && options.positional.isEmpty()) {
            err.println('lxc-groovy: give a script file or -e CODE; see --help')
            return USAGE
        }
        if (options.inventory != null) {
            return runOnHosts(options, out, err)
        }
        Map<String, Object> hostOptions = ['--limit': options.limit, '--serial': options.serial, '--max-fail-percent':
                options.maxFailPercent, '--forks': options.forks, '--host-timeout': options.hostTimeout] as Map<String, Object>
        String hostOnly = hostOptions.find { String name, Object value -> value != null }?.key
        if (hostOnly != null) {
            err.println("lxc-groovy: ${hostOnly} is for runs over many hosts: give --inventory FILE")
            return USAGE
        }
        if (options.lxcPath != null && !Files.isDirectory(options.lxcPath)) {
            err.println("lxc-groovy: --lxcpath ${options.lxcPath}: no such directory")
            return USAGE
        }
        def run = new ScriptRun(code: options.code, positional: options.positional, reportFile: options.reportFile,
                lock: options.lock || options.lockFile != null, lockFile: options.lockFile, noCache: options.noCache,
                verbose: options.verbose, stacktrace: options.stacktrace, lxcPath: options.lxcPath?.toString(),
                metricsFile: options.metricsFile, check: options.check)
        run.journalDir = options.journal.journalDir
        run.execute(out, err)
    }

    private static int runOnHosts(LxcGroovyOptions options, PrintStream out, PrintStream err) {
        if (options.code != null || options.lxcPath != null || options.lock || options.lockFile != null ||
                options.metricsFile != null || options.journal.given) {
            err.println('lxc-groovy: --inventory runs a script file on each host; -e, --lxcpath (the inventory\'s lxc_path), ' +
                    '--lock (each host locks its run), --journal-dir (each host keeps its own) and --metrics (not yet ' +
                    'over many hosts) do not go with it')
            return USAGE
        }
        new ManyHosts(inventory: options.inventory, limit: options.limit, serial: options.serial,
                maxFailPercent: options.maxFailPercent, forks: options.forks, hostTimeout: options.hostTimeout,
                script: Path.of(options.positional[0]), scriptArgs: options.positional.drop(1),
                reportFile: options.reportFile, verbose: options.verbose, check: options.check).execute(out, err)
    }
}
