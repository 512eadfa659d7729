package org.lxcgroovy.cli

import groovy.json.JsonException
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import groovy.transform.CompileStatic
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.security.MessageDigest
import java.time.Instant
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit
import org.lxcgroovy.dsl.FleetReport
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

/**
 * The host mode, {@code lxc-groovy remote}: what the {@code lxcgroovy.fleet} collection runs on each host. The
 * script comes on stdin, the result (the fleet reports, the outcome, the exit status) leaves on stdout as one JSON
 * document and nothing else does; the run's state is kept in {@link RunState}'s directory. A deadline or SIGTERM
 * (the collection's cancel) stops the run as Ctrl-C stops a local one: what the run started is shut down and the
 * partial report is the result.
 */
@CompileStatic
@Command(name = 'remote', sortOptions = false,
        description = ['Host mode, run by the lxcgroovy.fleet Ansible collection on each host: the script comes on ' +
                'stdin, the JSON result leaves on stdout; the run state is kept in RUNS/ID.'],
        exitCodeListHeading = '%nExit status:%n',
        exitCodeList = ['0:all good', '1:a container failed, or the run was stopped (deadline, SIGTERM)',
                        '2:the script failed', '64:usage error, or another protocol version than this command\'s',
                        '75:a run of the same script over the same lxcpath holds the lock'])
class Remote {
    /** The protocol between the collection and this command: bumped when either side's expectations change. */
    static final int PROTOCOL = 1

    @Option(names = '--protocol', required = true, paramLabel = 'N',
            description = 'The protocol version the caller speaks; it must be this command\'s (1).')
    int protocol

    @Option(names = '--run-id', required = true, paramLabel = 'ID', description = 'The run\'s name, used once per host.')
    String runId

    @Option(names = '--name', paramLabel = 'SCRIPT', description = 'The script\'s file name on the controller, for messages.')
    String name = 'script.groovy'

    @Option(names = '--host', paramLabel = 'NAME', description = 'The host\'s inventory name, as the script\'s `host`.')
    String host

    @Option(names = '--vars', paramLabel = 'JSON', description = 'The host\'s inventory variables, as the script\'s `hostVars`.')
    String vars

    @Option(names = '--lxcpath', paramLabel = 'DIR', description = 'Where the containers are (the inventory\'s lxc_path).')
    Path lxcPath

    @Option(names = '--deadline', paramLabel = 'SECONDS',
            description = 'Stop the run after SECONDS as SIGTERM does: shut down what it started, report what there is.')
    Long deadline

    @Option(names = '--check', description = 'Run the script in check mode, as `lxc-groovy --check` (Ansible\'s --check).')
    boolean check

    @Option(names = '--runs', paramLabel = 'RUNS', description = 'Where run states are kept (default /var/lib/lxc-groovy/runs).')
    Path runs = RunState.DEFAULT_RUNS

    @Option(names = ['-h', '--help'], usageHelp = true, description = 'Show this help and exit.')
    boolean help

    @Parameters(paramLabel = 'ARGS', description = 'The script\'s arguments (as `args`).')
    List<String> arguments = []

    /** Why the run was stopped: set by the deadline; a stop without one was SIGTERM's. */
    private volatile String stoppedBecause
    private boolean written

    int run(InputStream stdin, PrintStream stdout, PrintStream err) {
        if (protocol != PROTOCOL) {
            err.println("lxc-groovy remote: the caller speaks protocol ${protocol}, this lxc-groovy " +
                    "(${Versions.lxcGroovy()}) speaks protocol ${PROTOCOL}; install the same version on both sides")
            return LxcGroovy.USAGE
        }
        Map<String, Object> hostVars
        RunState state
        try {
            hostVars = parseVars()
            if (deadline != null && deadline < 1) {
                throw new IllegalArgumentException("--deadline must be at least 1 second, not ${deadline}")
            }
            state = RunState.create(runs, runId)
        } catch (IllegalArgumentException e) {
            err.println("lxc-groovy remote: ${e.message}")
            return LxcGroovy.USAGE
        }
        String script = new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
        String hash = MessageDigest.getInstance('SHA-256').digest(script.getBytes(StandardCharsets.UTF_8)).encodeHex().toString()
        String hostName = host ?: ScriptRun.localHostName()
        Instant startedAt = Instant.now()
        Map<String, Object> run = [protocol: PROTOCOL, version: Versions.lxcGroovy(), runId: runId, host: hostName,
                                   script: name, scriptSha256: hash, pid: ProcessHandle.current().pid(),
                                   lxcpath: lxcPath?.toString(), check: check, startedAt: startedAt.toString(),
                                   deadlineAt: deadline == null ? null : startedAt.plusSeconds(deadline).toString()] as Map<String, Object>
        state.writeScript(script)
        state.writeState(run)
        // from here on stdout carries the result only: whatever else prints goes to the run's log
        PrintStream log = new PrintStream(state.outputLog.toFile(), StandardCharsets.UTF_8)
        System.setOut(log)
        System.setErr(log)
        def scriptRun = new ScriptRun(code: script, scriptName: name, positional: arguments, lock: true,
                lockFile: ScriptRun.defaultLockFile("${lxcPath ?: 'default lxcpath'}\n${hash}".toString()),
                lxcPath: lxcPath?.toString(), host: hostName, hostVars: hostVars, watcher: state.progressWriter(), check: check)
        scriptRun.whenReported = { List<FleetReport> reports, Integer status ->
            writeResult(state, run, reports, status, stdout)
        }
        ScheduledExecutorService timer = deadline == null ? null : Executors.newSingleThreadScheduledExecutor { Runnable r ->
            Thread t = new Thread(r, 'remote-deadline')
            t.daemon = true
            t
        }
        timer?.schedule({
            stoppedBecause = "timed out: the deadline of ${deadline} s was reached".toString()
            System.exit(LxcGroovy.CONTAINERS_FAILED)
        } as Runnable, deadline ?: 0L, TimeUnit.SECONDS)
        int status = scriptRun.execute(log, log)
        timer?.shutdownNow()
        writeResult(state, run, [], status, stdout)     // when nothing was reported: the lock was held, say
        log.flush()
        status
    }

    private Map<String, Object> parseVars() {
        if (vars == null) {
            return [:]
        }
        try {
            Object parsed = new JsonSlurper().parseText(vars)
            if (parsed instanceof Map) {
                return (Map<String, Object>) readOnly(parsed)
            }
        } catch (JsonException ignored) {
            // said below
        }
        throw new IllegalArgumentException('--vars must be a JSON object (the host\'s variables)')
    }

    /**
     * A parsed JSON value as plain read-only maps and lists: JsonSlurper's maps fill themselves on first read and
     * are not safe to read from several threads at once, as a fleet's bodies read {@code hostVars}.
     */
    static Object readOnly(Object json) {
        if (json instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>()
            ((Map<Object, Object>) json).each { Object k, Object v -> copy.put(String.valueOf(k), readOnly(v)) }
            return Collections.unmodifiableMap(copy)
        }
        if (json instanceof List) {
            return Collections.unmodifiableList(((List<Object>) json).collect { readOnly(it) })
        }
        json
    }

    /**
     * The result, once: on stdout and as {@code result.json}. A run told to exit (by the deadline or SIGTERM) was
     * stopped, whichever thread gets here first: {@code status} is null from an exit hook, and the script's own
     * thread may end first, its bodies interrupted by the fleet's hook.
     */
    private synchronized void writeResult(RunState state, Map<String, Object> run, List<FleetReport> reports, Integer status,
                                          PrintStream stdout) {
        if (written) {
            return
        }
        written = true
        boolean stopped = status == null || stoppedBecause != null || shutdownInProgress()
        Map<String, Object> result = new LinkedHashMap<String, Object>(run)
        result.putAll([finishedAt: Instant.now().toString(),
                       outcome   : stopped ? (stoppedBecause != null ? 'timed out' : 'cancelled') : outcomeOf(status),
                       exitStatus: stopped ? LxcGroovy.CONTAINERS_FAILED : status,
                       reason    : stopped ? (stoppedBecause ?: 'cancelled: the run was told to stop (SIGTERM)') : null,
                       fleets    : reports.collect { it.toMap() }, output: outputLines(state)] as Map<String, Object>)
        state.writeResult(result)
        stdout.println(JsonOutput.toJson(result))
        stdout.flush()
    }

    /** The JVM has begun to exit (it takes no exit hook any more): a signal or the deadline stopped the run. */
    private static boolean shutdownInProgress() {
        Thread probe = new Thread({} as Runnable)
        try {
            Runtime.runtime.addShutdownHook(probe)
            Runtime.runtime.removeShutdownHook(probe)
            return false
        } catch (IllegalStateException ignored) {
            return true
        }
    }

    /** The host's outcome as the merged report names it. */
    static String outcomeOf(int status) {
        switch (status) {
            case LxcGroovy.OK: return 'ok'
            case LxcGroovy.CONTAINERS_FAILED: return 'failed'
            case LxcGroovy.LOCKED: return 'locked'
            default: return 'script failed'
        }
    }

    /** What the script printed (its log), the last lines if it printed much. */
    private static List<String> outputLines(RunState state) {
        System.out.flush()
        List<String> lines = state.outputLog.toFile().exists() ? state.outputLog.readLines('UTF-8') : []
        lines.size() > MAX_OUTPUT_LINES ? lines.takeRight(MAX_OUTPUT_LINES) : lines
    }

    static final int MAX_OUTPUT_LINES = 1000
}
