package org.lxcgroovy.cli

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import groovy.transform.PackageScope
import java.nio.channels.FileChannel
import java.nio.charset.StandardCharsets
import java.nio.file.AccessDeniedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.security.MessageDigest
import java.time.Duration
import java.time.Instant
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import javax.lang.model.SourceVersion
import org.codehaus.groovy.control.MultipleCompilationErrorsException
import org.codehaus.groovy.control.messages.ExceptionMessage
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import org.codehaus.groovy.runtime.StackTraceUtils
import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.FleetProgress
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.FleetReportPage
import org.lxcgroovy.dsl.LxcScript
import org.lxcgroovy.dsl.RunJournal

/**
 * One run of a script, as {@code lxc-groovy SCRIPT} or {@code -e CODE} asks: take the lock, compile (or take the
 * cached classes), run, print the fleet summaries and write the report (also when told to exit mid-run), and turn
 * a failure into one line {@code script.groovy, line N: message} and an exit status of {@link LxcGroovy}'s.
 */
@CompileStatic
class ScriptRun {
    /** -e's code; null when a script file runs. */
    String code
    /** The script file and its arguments, or -e's arguments. */
    List<String> positional = []
    Path reportFile
    boolean lock
    /** The lock --lock takes; null: one per script. */
    Path lockFile
    boolean noCache
    boolean verbose
    boolean stacktrace
    /** --lxcpath: where the script's containers are; null: liblxc's default. */
    String lxcPath
    /** The name a script given as code is known by (the host mode's); null: "-e". */
    String scriptName
    /** The host the script runs on and that host's inventory variables, as the script's {@code host} and {@code hostVars}. */
    String host = localHostName()
    Map<String, Object> hostVars = [:]
    /** Told each fleet run's events besides what is shown (the host mode's run state). */
    FleetProgress watcher
    /** Called once with the reports when they are written: with the exit status, or null when told to exit mid-run. */
    Closure<?> whenReported
    /** --check: the script runs in check mode (nothing in a container changes). */
    boolean check
    /** --metrics: the run in Prometheus' text format, for node_exporter's textfile collector; null: none. */
    Path metricsFile
    /** --journal-dir: where runs keep their journals (what a killed run left). */
    Path journalDir = RunJournal.DEFAULT_DIR

    private String reportTitle = 'lxc-groovy'
    private String metricsName
    private final Instant startedAt = Instant.now()
    private boolean metricsWritten

    /** Where the run's lines go as entries when its stdout is the journal's stream; null otherwise. */
    private Journal journal

    /** Runs the script: an exit status of {@link LxcGroovy}'s. */
    int execute(PrintStream out, PrintStream err) {
        journal = out == System.out && System.console() == null ? Journal.forStdout(journalName(), out) : null
        try {
            int status = journal == null ? lockAndRun(out, err) : lockAndRun(journal.lines(Journal.INFO), journal.lines(Journal.ERR))
            writeMetrics([], status)    // when nothing was reported: a compile error, a held lock
            return status
        } finally {
            journal?.close()
        }
    }

    /** The script as the journal's entries name it: its file name, or -e. */
    private String journalName() {
        code != null ? (scriptName ?: '-e') : Path.of(positional[0]).fileName.toString()
    }

    private int lockAndRun(PrintStream out, PrintStream err) {
        String displayName
        List<String> scriptArgs
        if (code != null) {
            displayName = scriptName ?: '-e'
            scriptArgs = positional
        } else {
            Path file = Path.of(positional[0])
            if (!Files.isRegularFile(file)) {
                err.println("lxc-groovy: no such script file: ${file}")
                return LxcGroovy.USAGE
            }
            displayName = file.fileName.toString()
            scriptArgs = positional.drop(1)
        }
        metricsName = displayName
        FileChannel held = null
        if (lock) {
            // not `lockFile ?: ...`: a Path is Iterable, and Groovy's truth of a Path is false
            Path file = lockFile != null ? lockFile
                    : defaultLockFile(code != null ? code : Path.of(positional[0]).toAbsolutePath().normalize().toString())
            held = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
            if (held.tryLock() == null) {
                held.close()
                err.println("lxc-groovy: another run holds ${file}; not running ${displayName}")
                return LxcGroovy.LOCKED
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

    /** This run's journal; a run that cannot keep one says so and goes on without. */
    private RunJournal openJournal(String script, String text, PrintStream err) {
        try {
            RunJournal.open(journalDir, script,
                    MessageDigest.getInstance('SHA-256').digest(text.getBytes(StandardCharsets.UTF_8)).encodeHex().toString())
        } catch (AccessDeniedException ignored) {
            RunJournal.NONE     // not root: the engine refuses such a caller root's containers, nothing to record
        } catch (IOException e) {
            err.println("lxc-groovy: no run journal in ${journalDir} (${e.class.simpleName}: ${e.message}): were this run killed, what it left would not be known")
            RunJournal.NONE
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
        String sourceName = (code != null && scriptName == null ? 'CommandLineScript' : classNameFor(displayName)) + '.groovy'
        LxcScript script
        String text
        try {
            text = code != null ? code : Files.readString(Path.of(positional[0]))
            Binding binding = new Binding(scriptArgs.toArray(new String[0]))
            binding.setVariable('host', host)
            binding.setVariable('hostVars', hostVars)
            if (out != System.out) {
                binding.setVariable('out', out)     // the script's println: where this run's output goes
            }
            script = new ScriptCache(noCache ? null : ScriptCache.defaultRoot())
                    .load(text, sourceName, binding, Versions.lxcGroovy())
        } catch (MultipleCompilationErrorsException e) {
            compileErrors(e, displayName).each { err.println(it) }
            return LxcGroovy.SCRIPT_FAILED
        } catch (Throwable t) {
            // anything else while compiling (a failed @Grab, a class that cannot load) is the script's failure too
            err.println("${displayName}: ${Fleet.oneLine(t)}")
            if (stacktrace) {
                t.printStackTrace(err)
            }
            return LxcGroovy.SCRIPT_FAILED
        }
        StartupTimes.mark('script compile or cache')
        if (System.console() != null && System.getenv('TERM') != 'dumb') {
            script.progressTerminal = out
        }
        AtomicBoolean reported = new AtomicBoolean()
        reportTitle = "lxc-groovy $displayName".toString()
        script.lxcPath = lxcPath
        script.checkMode = check
        script.deadRuns = LeftBehind.read(journalDir)
        LeftBehind.warn(script.deadRuns, err)
        RunJournal runJournal = openJournal(code != null ? displayName : Path.of(positional[0]).toAbsolutePath().normalize().toString(),
                text, err)    // the hash of the text that was compiled, not of a second read
        script.journal = runJournal
        if (journal != null) {
            script.plainProgress = new JournalProgress(journal)
        }
        script.watcher = watcher
        script.whenStopped = { report(script, reported, out, null) } as Runnable
        Thread exitHook = new Thread({ reportWhenStopped(script, reported, out) } as Runnable, 'script-exit')
        Runtime.runtime.addShutdownHook(exitHook)
        int status = LxcGroovy.OK
        try {
            script.run()
        } catch (Throwable t) {
            err.println(failureLine(t, sourceName, displayName))
            if (stacktrace) {
                StackTraceUtils.deepSanitize(t)
                showFileName(t, sourceName, displayName)
                t.printStackTrace(err)
            }
            status = LxcGroovy.SCRIPT_FAILED
        } finally {
            script.closeContainers()
            runJournal.close()
        }
        try {
            Runtime.runtime.removeShutdownHook(exitHook)
        } catch (IllegalStateException ignored) {
            // the JVM is exiting: the hook reports
        }
        StartupTimes.mark('the script')
        StartupTimes.print(err)
        List<FleetReport> reports = script.fleetReports
        int outcome = status != LxcGroovy.OK ? status : reports.every { it.ok } ? LxcGroovy.OK : LxcGroovy.CONTAINERS_FAILED
        report(script, reported, out, outcome)
        outcome
    }

    /**
     * Told to exit mid-run: a fleet run under way reports from its own exit hook once it has put its containers
     * back (bounded by its shutdown timeout); otherwise, or if it has not by then, report here what there is.
     */
    private void reportWhenStopped(LxcScript script, AtomicBoolean reported, PrintStream out) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_REPORT_WAIT_SECONDS)
        while (script.fleetRunning && !reported.get() && System.nanoTime() < giveUp) {
            Thread.sleep(50)
        }
        report(script, reported, out, null)
    }

    /** How long a stopped run waits for its fleet run's own report (that run's shutdown timeout, 30 s by default). */
    static final long STOP_REPORT_WAIT_SECONDS = 120

    /**
     * Prints the fleet summaries and writes --report, once: at the end ({@code status} given), or when told to exit
     * mid-run (null). The other caller waits until it is written (the JVM halts when its exit hooks return).
     */
    private List<FleetReport> report(LxcScript script, AtomicBoolean reported, PrintStream out, Integer status) {
        synchronized (reported) {
            reportOnce(script, reported, out, status)
        }
    }

    private List<FleetReport> reportOnce(LxcScript script, AtomicBoolean reported, PrintStream out, Integer status) {
        List<FleetReport> reports = script.fleetReports
        if (reported.compareAndSet(false, true)) {
            reports.each { out.println(it.summary()) }
            if (reportFile != null) {
                Files.writeString(reportFile, reportFile.fileName.toString() ==~ /(?i).*\.html?/
                        ? FleetReportPage.render(reports, reportTitle)
                        : JsonOutput.prettyPrint(JsonOutput.toJson(reports.collect { it.toMap() })))
            }
            out.flush()
            writeMetrics(reports, status)
            whenReported?.call(reports, status)
        }
        reports
    }

    /** --metrics, once: the run's status, or {@link Metrics#STOPPED} (null) when told to exit mid-run. */
    private synchronized void writeMetrics(List<FleetReport> reports, Integer status) {
        if (metricsFile == null || metricsWritten) {
            return
        }
        metricsWritten = true
        WholeFile.write(metricsFile, Metrics.render(metricsName ?: '-e', startedAt, Duration.between(startedAt, Instant.now()),
                status == null ? Metrics.STOPPED : status, reports))
    }

    /** The kernel's name of this machine (no name lookup: that may wait on DNS). */
    static String localHostName() {
        Path name = Path.of('/proc/sys/kernel/hostname')
        Files.isReadable(name) ? Files.readString(name).trim() : InetAddress.localHost.hostName
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
}
