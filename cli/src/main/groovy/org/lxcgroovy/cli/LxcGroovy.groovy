package org.lxcgroovy.cli

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import groovy.transform.PackageScope
import java.nio.file.Files
import java.nio.channels.FileChannel
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.security.MessageDigest
import java.util.concurrent.atomic.AtomicBoolean
import javax.lang.model.SourceVersion
import org.codehaus.groovy.control.MultipleCompilationErrorsException
import org.codehaus.groovy.control.messages.ExceptionMessage
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import org.codehaus.groovy.runtime.StackTraceUtils
import org.lxcgroovy.cli.doctor.Doctor
import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.FleetReportPage
import org.lxcgroovy.dsl.LxcScript
import org.lxcgroovy.engine.Lxc
import picocli.CommandLine
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

/**
 * The {@code lxc-groovy} command: runs a script file (also as a {@code #!} interpreter) or {@code -e} code, with
 * exit statuses cron can act on.
 */
@CompileStatic
@Command(name = 'lxc-groovy', sortOptions = false,
        description = ['Runs a Groovy script that drives LXC containers (liblxc through the lxc-groovy engine).', ''],
        exitCodeListHeading = '%nExit status:%n',
        exitCodeList = ['0:all good', '1:a container failed in a fleet run',
                        '2:the script failed (compile error or uncaught exception)', '64:usage error',
                        '75:another run holds the lock (--lock)'])
class LxcGroovy {
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

    @Option(names = '--lock', description = 'Run only if no other run of this script is running, else exit 75.')
    boolean lock

    @Option(names = '--lock-file', paramLabel = 'FILE',
            description = 'The lock --lock takes (default: one per script, in /run/lock); implies --lock.')
    Path lockFile

    @Option(names = '--no-cache', description = 'Compile the script even if its compiled classes are cached.')
    boolean noCache

    @Option(names = ['-v', '--verbose'], description = "Show liblxc's own log lines (on stderr, as 'liblxc: ...').")
    boolean verbose

    @Option(names = '--stacktrace', description = 'Show the whole stack trace when the script fails.')
    boolean stacktrace

    @Option(names = ['-h', '--help'], usageHelp = true, description = 'Show this help and exit.')
    boolean help

    @Option(names = ['-V', '--version'], versionHelp = true, description = 'Show the versions and exit.')
    boolean version

    private String reportTitle = 'lxc-groovy'

    @Parameters(paramLabel = 'SCRIPT [ARGS]', description = ['The script file, then its arguments (as `args`).',
            '`shell` starts groovysh with the API imported.',
            '`doctor [--json]` checks the host (liblxc, kernel, cgroups, bridges and DHCP, ids) and says how to fix it.'])
    List<String> positional = []

    static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err))
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        def cli = new CommandLine(new LxcGroovy())
        cli.stopAtPositional = true     // everything after the script belongs to the script
        def command = (LxcGroovy) cli.command
        try {
            cli.parseArgs(argv)
        } catch (CommandLine.ParameterException e) {
            err.println("lxc-groovy: ${e.message}")
            err.println("Try 'lxc-groovy --help'.")
            return USAGE
        }
        if (cli.usageHelpRequested) {
            cli.usage(out)
            return OK
        }
        if (cli.versionHelpRequested) {
            out.println(versions())
            return OK
        }
        command.execute(out, err)
    }

    private int execute(PrintStream out, PrintStream err) {
        if (code == null && positional && positional[0] == 'shell') {
            return Shell.start(positional.drop(1))
        }
        if (code == null && positional && positional[0] == 'doctor') {
            return Doctor.run(positional.drop(1), out, err)
        }
        if (code == null && positional.isEmpty()) {
            err.println('lxc-groovy: give a script file or -e CODE; see --help')
            return USAGE
        }
        String displayName
        List<String> scriptArgs
        if (code != null) {
            displayName = '-e'
            scriptArgs = positional
        } else {
            Path file = Path.of(positional[0])
            if (!Files.isRegularFile(file)) {
                err.println("lxc-groovy: no such script file: ${file}")
                return USAGE
            }
            displayName = file.fileName.toString()
            scriptArgs = positional.drop(1)
        }
        FileChannel held = null
        if (lock || lockFile != null) {
            // not `lockFile ?: ...`: a Path is Iterable, and Groovy's truth of a Path is false
            Path file = lockFile != null ? lockFile
                    : defaultLockFile(code != null ? code : Path.of(positional[0]).toAbsolutePath().normalize().toString())
            held = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
            if (held.tryLock() == null) {
                held.close()
                err.println("lxc-groovy: another run holds ${file}; not running ${displayName}")
                return LOCKED
            }
        }
        LiblxcLogTail tail = verbose ? LiblxcLogTail.start(err) : null
        try {
            return compileAndRun(code, displayName, scriptArgs, out, err)
        } finally {
            tail?.stop()
            held?.close()
        }
    }

    /** The lock of one script: its absolute path (or the -e code) hashed, in /run/lock where it exists. */
    static Path defaultLockFile(String identity) {
        String hash = MessageDigest.getInstance('SHA-256').digest(identity.getBytes(StandardCharsets.UTF_8))
                .encodeHex().toString().take(16)
        Path dir = Files.isDirectory(Path.of('/run/lock')) ? Path.of('/run/lock') : Path.of(System.getProperty('java.io.tmpdir'))
        dir.resolve("lxc-groovy-${hash}.lock".toString())
    }

    private int compileAndRun(String code, String displayName, List<String> scriptArgs, PrintStream out, PrintStream err) {
        String sourceName = (code != null ? 'CommandLineScript' : classNameFor(displayName)) + '.groovy'
        LxcScript script
        try {
            String text = code != null ? code : Files.readString(Path.of(positional[0]))
            script = new ScriptCache(noCache ? null : ScriptCache.defaultRoot())
                    .load(text, sourceName, new Binding(scriptArgs as String[]), version())
        } catch (MultipleCompilationErrorsException e) {
            compileErrors(e, displayName).each { err.println(it) }
            return SCRIPT_FAILED
        } catch (Throwable t) {
            // anything else while compiling (a failed @Grab, a class that cannot load) is the script's failure too
            err.println("${displayName}: ${Fleet.oneLine(t)}")
            if (stacktrace) {
                t.printStackTrace(err)
            }
            return SCRIPT_FAILED
        }
        if (System.console() != null && System.getenv('TERM') != 'dumb') {
            script.progressTerminal = out
        }
        AtomicBoolean reported = new AtomicBoolean()
        reportTitle = "lxc-groovy $displayName".toString()
        script.whenStopped = { report(script, reported, out) } as Runnable
        int status = OK
        try {
            script.run()
        } catch (Throwable t) {
            err.println(failureLine(t, sourceName, displayName))
            if (stacktrace) {
                StackTraceUtils.deepSanitize(t)
                showFileName(t, sourceName, displayName)
                t.printStackTrace(err)
            }
            status = SCRIPT_FAILED
        } finally {
            script.closeContainers()
        }
        List<FleetReport> reports = report(script, reported, out)
        status != OK ? status : reports.every { it.ok } ? OK : CONTAINERS_FAILED
    }

    /**
     * Prints the fleet summaries and writes --report, once: at the end, or when told to exit mid-run. The other
     * caller waits until it is written (the JVM halts when its exit hooks return).
     */
    private List<FleetReport> report(LxcScript script, AtomicBoolean reported, PrintStream out) {
        synchronized (reported) {
            reportOnce(script, reported, out)
        }
    }

    private List<FleetReport> reportOnce(LxcScript script, AtomicBoolean reported, PrintStream out) {
        List<FleetReport> reports = script.fleetReports
        if (reported.compareAndSet(false, true)) {
            reports.each { out.println(it.summary()) }
            if (reportFile != null) {
                Files.writeString(reportFile, reportFile.fileName.toString() ==~ /(?i).*\.html?/
                        ? FleetReportPage.render(reports, reportTitle)
                        : JsonOutput.prettyPrint(JsonOutput.toJson(reports.collect { it.toMap() })))
            }
            out.flush()
        }
        reports
    }

    /** Groovy names a script's class after its file; "fleet-update" or "long" are no class names, so adapt. */
    @PackageScope
    static String classNameFor(String fileName) {
        String base = fileName.replaceFirst(/\.groovy$/, '').replaceAll(/[^A-Za-z0-9_$]/, '_')
        SourceVersion.isName(base) && !(base in ['def', 'in', 'as', 'trait', 'var']) ? base : '_' + base
    }

    /** Stack frames of the script name its file as the user knows it. */
    private static void showFileName(Throwable t, String sourceName, String displayName) {
        for (Throwable e = t; e != null; e = e.cause) {
            e.stackTrace = e.stackTrace.collect { StackTraceElement f ->
                f.fileName == sourceName ? new StackTraceElement(f.className, f.methodName, displayName, f.lineNumber) : f
            } as StackTraceElement[]
        }
    }

    private static List<String> compileErrors(MultipleCompilationErrorsException e, String displayName) {
        e.errorCollector.errors.collect { msg ->
            if (msg instanceof SyntaxErrorMessage) {
                def cause = ((SyntaxErrorMessage) msg).cause
                "${displayName}, line ${cause.line}: ${cause.originalMessage.trim()}".toString()
            } else if (msg instanceof ExceptionMessage) {
                "${displayName}: ${((ExceptionMessage) msg).cause.message}".toString()
            } else {
                "${displayName}: ${msg}".toString()
            }
        }
    }

    /** "script.groovy, line N: message" — the innermost line of the script in the trace. */
    private static String failureLine(Throwable t, String sourceName, String displayName) {
        def frame = t.stackTrace.find { it.fileName == sourceName && it.lineNumber > 0 }
        String where = frame ? "${displayName}, line ${frame.lineNumber}" : displayName
        "${where}: ${Fleet.oneLine(t)}"
    }

    /** lxc-groovy's own version, from the build. */
    static String version() {
        def props = new Properties()
        LxcGroovy.getResourceAsStream('version.properties')?.withCloseable { props.load(it) }
        props.getProperty('version', 'unknown')
    }

    private static String versions() {
        String liblxc
        try {
            liblxc = Lxc.version()
        } catch (Throwable e) {
            liblxc = "not loadable (${e.message})"
        }
        "lxc-groovy ${version()}\nliblxc ${liblxc}\nGroovy ${GroovySystem.version}\n" +
                "Java ${System.getProperty('java.version')} (${System.getProperty('java.vm.name')})"
    }
}
