package org.lxcgroovy.cli

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import groovy.transform.PackageScope
import java.nio.channels.FileChannel
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.security.MessageDigest
import java.util.concurrent.atomic.AtomicBoolean
import javax.lang.model.SourceVersion
import org.codehaus.groovy.control.MultipleCompilationErrorsException
import org.codehaus.groovy.control.messages.ExceptionMessage
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import org.codehaus.groovy.runtime.StackTraceUtils
import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.FleetReportPage
import org.lxcgroovy.dsl.LxcScript
import org.lxcgroovy.engine.Lxc

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

    private String reportTitle = 'lxc-groovy'

    /** Runs the script: an exit status of {@link LxcGroovy}'s. */
    int execute(PrintStream out, PrintStream err) {
        String displayName
        List<String> scriptArgs
        if (code != null) {
            displayName = '-e'
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
                    .load(text, sourceName, new Binding(scriptArgs as String[]), LxcGroovy.version())
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
        if (StartupTimes.ON) {
            Lxc.version()   // loads JNA and liblxc now, so that what follows is the script's own time
            StartupTimes.mark('JNA and liblxc')
        }
        if (System.console() != null && System.getenv('TERM') != 'dumb') {
            script.progressTerminal = out
        }
        AtomicBoolean reported = new AtomicBoolean()
        reportTitle = "lxc-groovy $displayName".toString()
        script.whenStopped = { report(script, reported, out) } as Runnable
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
        }
        StartupTimes.mark('the script')
        StartupTimes.print(err)
        List<FleetReport> reports = report(script, reported, out)
        status != LxcGroovy.OK ? status : reports.every { it.ok } ? LxcGroovy.OK : LxcGroovy.CONTAINERS_FAILED
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
}
