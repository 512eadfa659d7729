package org.lxcgroovy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/**
 * The {@code lxc-groovy} command's own options, its positional {@code SCRIPT [ARGS]} and its exit statuses: the
 * picocli model of a script run (a file or {@code -e}), which {@link LxcGroovy} completes with the subcommands and
 * acts on. Java, so that {@link Main} parses a command line while Groovy's runtime starts ({@link #parse}).
 */
@Command(name = "lxc-groovy", sortOptions = false,
        description = {"Runs a Groovy script that drives LXC containers (liblxc through the lxc-groovy engine).", ""},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:all good", "1:a container failed in a fleet run (with --inventory: or a host's run failed, "
                + "timed out or was not run)",
                "2:the script failed (compile error or uncaught exception), on any host with --inventory",
                "64:usage error",
                "69:with --inventory: a host was unreachable, or has no lxc-groovy of this protocol",
                "75:another run holds the lock (--lock; on a host, a run of the same script)",
                "130:stopped by Ctrl-C (with --inventory: after cancelling the run on every host)"})
public final class LxcGroovyOptions {
    @Option(names = {"-e", "--eval"}, paramLabel = "CODE", description = "Run CODE instead of a script file.")
    String code;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the fleet reports to FILE: a page with their timelines if it ends in .html, else JSON.")
    Path reportFile;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "Write the run's metrics to FILE (Prometheus' text format, for node_exporter's textfile collector).")
    Path metricsFile;

    @Option(names = "--check",
            description = "Change nothing in any container: commands not marked readOnly, file writes, snapshots are "
                    + "skipped, apt simulates; the report says what would change (Ansible's --check).")
    boolean check;

    @Option(names = "--lxcpath", paramLabel = "DIR",
            description = "Where the script's containers are (containers(), container(NAME)); default: liblxc's, /var/lib/lxc.")
    Path lxcPath;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "Run the script on every host of this Ansible inventory (ansible-playbook with the "
                    + "lxcgroovy.fleet collection); one report, keyed host/container.")
    Path inventory;

    @Option(names = "--limit", paramLabel = "PATTERN", description = "With --inventory: only these hosts (Ansible's --limit).")
    String limit;

    @Option(names = "--serial", paramLabel = "N|N%", description = "With --inventory: hosts in batches of N (Ansible's serial).")
    String serial;

    @Option(names = "--max-fail-percent", paramLabel = "P",
            description = "With --inventory: stop before the next batch when more than P%% of a batch failed.")
    Integer maxFailPercent;

    @Option(names = "--forks", paramLabel = "N", description = "With --inventory: hosts at a time (Ansible's --forks).")
    Integer forks;

    @Option(names = "--host-timeout", paramLabel = "SECONDS",
            description = "With --inventory: a host's run is stopped after SECONDS (what it started is shut down).")
    Long hostTimeout;

    @Option(names = "--lock", description = "Run only if no other run of this script is running, else exit 75.")
    boolean lock;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The lock --lock takes (default: one per script, in /run/lock); implies --lock.")
    Path lockFile;

    @Mixin
    JournalDirOption journal = new JournalDirOption();

    @Option(names = "--no-cache", description = "Compile the script even if its compiled classes are cached.")
    boolean noCache;

    @Option(names = {"-v", "--verbose"},
            description = "Show liblxc's own log lines (on stderr, as 'liblxc: ...'); with --inventory, the ansible-playbook command.")
    boolean verbose;

    @Option(names = "--stacktrace", description = "Show the whole stack trace when the script fails.")
    boolean stacktrace;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the versions and exit.")
    boolean version;

    @Parameters(paramLabel = "SCRIPT [ARGS]", description = "The script file, then its arguments (as `args`).")
    List<String> positional = new ArrayList<>();

    /** The model of the command alone, with nothing of Groovy's in it. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LxcGroovyOptions());
        cli.setStopAtPositional(true);     // everything after the script belongs to the script
        return cli;
    }

    /** {@code argv} parsed by {@link #commandLine()}: what it made of it, or the usage error it found. */
    static Parsed parse(String[] argv) {
        try {
            return new Parsed(commandLine().parseArgs(argv), null);
        } catch (CommandLine.ParameterException e) {
            return new Parsed(null, e);
        }
    }

    /** What {@link #parse} made of a command line. */
    record Parsed(ParseResult result, CommandLine.ParameterException usageError) {
        /** The parse result, or the usage error thrown. */
        ParseResult get() {
            if (usageError != null) {
                throw usageError;
            }
            return result;
        }

        /** The first positional: the script, unless it names a subcommand. */
        String firstPositional() {
            List<String> positional = ((LxcGroovyOptions) result.commandSpec().userObject()).positional;
            return positional.isEmpty() ? null : positional.get(0);
        }
    }
}
