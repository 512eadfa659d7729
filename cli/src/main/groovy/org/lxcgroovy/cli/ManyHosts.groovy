package org.lxcgroovy.cli

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.security.SecureRandom
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.concurrent.TimeUnit
import org.lxcgroovy.dsl.FleetReportPage

/**
 * {@code lxc-groovy --inventory FILE script.groovy}: the script over the containers of many hosts, on Ansible.
 * Runs {@code ansible-playbook} with the {@code lxcgroovy.fleet.run} playbook and the collection's stdout callback
 * (whose progress lines pass through), then merges the hosts' results that the callback kept into one report keyed
 * {@code host/container}. Ansible does the inventory, the connections, forks, serial batches and the failure
 * percentage; this class only asks and merges. Ctrl-C (or SIGINT/SIGTERM to this command) stops the playbook,
 * cancels the run on every host with {@code lxcgroovy.fleet.cancel} and merges what they reported.
 */
@CompileStatic
class ManyHosts {
    /** Exit statuses of a run over many hosts, worst first (the man page lists them). */
    static final int UNAVAILABLE = 69

    Path inventory
    String limit
    String serial
    Integer maxFailPercent
    Integer forks
    Long hostTimeout
    Path script
    List<String> scriptArgs = []
    Path reportFile
    boolean verbose
    /** --check: ansible-playbook --check, whose run module runs each host's script as lxc-groovy --check. */
    boolean check

    private final String runId = newRunId()
    private volatile Process playbook
    /** The run is over (also when it failed): an exit from here on is no signal to cancel. */
    private volatile boolean over
    private volatile boolean interrupted

    /** An exit status of {@link LxcGroovy}'s or {@link #UNAVAILABLE}. */
    int execute(PrintStream out, PrintStream err) {
        String problem = usageProblem()
        if (problem != null) {
            err.println("lxc-groovy: ${problem}")
            return LxcGroovy.USAGE
        }
        if (!onPath('ansible-playbook')) {
            err.println("lxc-groovy: --inventory runs Ansible's ansible-playbook, which is not installed (apt-get install ansible-core)")
            return UNAVAILABLE
        }
        Path work = Files.createTempDirectory('lxc-groovy-hosts-', PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString('rwx------')))
        Instant startedAt = Instant.now()
        Thread onSignal = new Thread({ cancelEverywhere(work, out, err, startedAt) } as Runnable, 'many-hosts-cancel')
        Runtime.runtime.addShutdownHook(onSignal)
        try {
            int ansible = runPlaybook('lxcgroovy.fleet.run', extraVars(), work, 'results.json', out, err)
            try {
                Runtime.runtime.removeShutdownHook(onSignal)
            } catch (IllegalStateException ignored) {
                return LxcGroovy.OK      // the JVM is exiting (a signal): the hook cancels, merges and reports
            }
            Map<String, Map<String, Object>> hosts = results(work.resolve('results.json'))
            if (hosts.isEmpty()) {
                err.println("lxc-groovy: no host ran${ansible != 0 ? " (ansible-playbook exited with ${ansible}, see above)" : ''}" +
                        "; does ${inventory}${limit ? " with --limit ${limit}" : ''} name any host?")
                return LxcGroovy.USAGE
            }
            return report(hosts, startedAt, out)
        } finally {
            if (!interrupted) {
                over = true
                work.toFile().deleteDir()
            }
        }
    }

    private String usageProblem() {
        if (!Files.exists(inventory)) {
            return "--inventory ${inventory}: no such file"
        }
        if (!Files.isRegularFile(script)) {
            return "no such script file: ${script}"
        }
        if (serial != null && !(serial ==~ /[1-9][0-9]*%?/)) {
            return "--serial takes a number of hosts or a percentage (2, 25%), not '${serial}'"
        }
        if (maxFailPercent != null && (maxFailPercent < 0 || maxFailPercent > 100)) {
            return "--max-fail-percent takes 0 to 100, not ${maxFailPercent}"
        }
        if (forks != null && forks < 1) {
            return "--forks must be at least 1, not ${forks}"
        }
        if (hostTimeout != null && hostTimeout < 1) {
            return "--host-timeout must be at least 1 second, not ${hostTimeout}"
        }
        null
    }

    private Map<String, Object> extraVars() {
        Map<String, Object> vars = [lxcgroovy_script: script.toAbsolutePath().toString(), lxcgroovy_args: scriptArgs,
                                    lxcgroovy_run_id: runId] as Map<String, Object>
        if (serial != null) {
            vars.lxcgroovy_serial = serial
        }
        if (maxFailPercent != null) {
            vars.lxcgroovy_max_fail_percent = maxFailPercent
        }
        if (hostTimeout != null) {
            vars.lxcgroovy_host_timeout = hostTimeout
        }
        vars
    }

    /** Runs one of the collection's playbooks; its callback keeps each host's result in {@code work/resultsName}. */
    private int runPlaybook(String name, Map<String, Object> vars, Path work, String resultsName, PrintStream out,
                            PrintStream err) {
        Path varsFile = work.resolve("${resultsName}.vars.json".toString())
        Files.writeString(varsFile, JsonOutput.toJson(vars))
        List<String> argv = ['ansible-playbook', '-i', inventory.toString(), name, '-e', "@${varsFile}".toString()]
        if (limit != null) {
            argv += ['--limit', limit]
        }
        if (forks != null) {
            argv += ['--forks', forks.toString()]
        }
        if (check) {
            argv += ['--check']
        }
        if (verbose) {
            err.println("lxc-groovy: ${argv.collect { shellWord(it) }.join(' ')}")
        }
        def builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.INHERIT)
        builder.environment().putAll([ANSIBLE_STDOUT_CALLBACK: 'lxcgroovy.fleet.report',
                                      LXCGROOVY_RESULTS: work.resolve(resultsName).toString()])
        String collections = System.getProperty('lxcgroovy.collections')
        if (collections != null) {      // a checkout's collection (bin/lxc-groovy), before the installed ones
            String others = System.getenv('ANSIBLE_COLLECTIONS_PATH') ?: '~/.ansible/collections:/usr/share/ansible/collections'
            builder.environment().put('ANSIBLE_COLLECTIONS_PATH', "${collections}:${others}".toString())
        }
        Process p = builder.start()
        playbook = p
        Thread relayOut = relay(p.inputStream, out)
        Thread relayErr = relay(p.errorStream, err)
        int status = p.waitFor()
        relayOut.join()
        relayErr.join()
        status
    }

    private static Thread relay(InputStream from, PrintStream to) {
        Thread t = new Thread({
            from.withReader('UTF-8') { Reader r ->
                r.eachLine { String line ->
                    if (line != COLLECTION_PLAYBOOK_WARNING) {
                        to.println(line)
                        to.flush()
                    }
                }
            }
        } as Runnable, 'ansible-output')
        t.daemon = true
        t.start()
        t
    }

    /**
     * Told to exit (Ctrl-C, SIGTERM): stop the playbook, cancel the run on every host (each shuts down what it
     * started and reports), then merge what there is. The JVM's own exit status says the signal (130 for Ctrl-C).
     */
    private void cancelEverywhere(Path work, PrintStream out, PrintStream err, Instant startedAt) {
        if (over) {
            return
        }
        interrupted = true
        Process p = playbook
        if (p != null && p.alive) {
            // ansible-playbook may not have had the terminal's SIGINT (a signal sent to this command only)
            new ProcessBuilder('kill', '-INT', p.pid().toString()).start().waitFor()
            if (!p.waitFor(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly()
            }
        }
        err.println("lxc-groovy: stopped; cancelling run ${runId} on every host")
        runPlaybook('lxcgroovy.fleet.cancel', [lxcgroovy_run_id: runId] as Map<String, Object>, work,
                'cancelled.json', out, err)
        Map<String, Map<String, Object>> hosts = results(work.resolve('results.json'))
        results(work.resolve('cancelled.json')).each { String host, Map<String, Object> entry ->
            if (entry.result != null || !hosts.containsKey(host)) {
                hosts[host] = entry
            }
        }
        report(hosts, startedAt, out)
        work.toFile().deleteDir()
    }

    static final long CANCEL_WAIT_SECONDS = 30
    /** ansible-core 2.14 warns so for every playbook of a collection; it is how the collection is meant to be run. */
    static final String COLLECTION_PLAYBOOK_WARNING = '[WARNING]: running playbook inside collection lxcgroovy.fleet'

    private static Map<String, Map<String, Object>> results(Path file) {
        if (!Files.exists(file)) {
            return [:]
        }
        (Map<String, Map<String, Object>>) ((Map<String, Object>) new JsonSlurper().parse(file.toFile())).hosts
    }

    /** Prints the merged summary, writes --report and returns the exit status, worst first. */
    private int report(Map<String, Map<String, Object>> hosts, Instant startedAt, PrintStream out) {
        MergedReport merged = new MergedReport(runId, script.fileName.toString(), startedAt, hosts)
        merged.summary().each { out.println(it) }
        if (reportFile != null) {
            Files.writeString(reportFile, reportFile.fileName.toString() ==~ /(?i).*\.html?/
                    ? FleetReportPage.render([merged.timeline()], "lxc-groovy ${script.fileName} on ${hosts.size()} hosts".toString(),
                    merged.hostLines())
                    : JsonOutput.prettyPrint(JsonOutput.toJson(merged.toMap())))
        }
        out.flush()
        merged.exitStatus()
    }

    private static String newRunId() {
        byte[] random = new byte[4]
        new SecureRandom().nextBytes(random)
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()) + '-' +
                random.encodeHex().toString()
    }

    private static boolean onPath(String command) {
        (System.getenv('PATH') ?: '').split(':').any { Files.isExecutable(Path.of(it ?: '.', command)) }
    }

    private static String shellWord(String word) {
        word ==~ /[A-Za-z0-9_@%+=:,.\/-]+/ ? word : "'" + word.replace("'", "'\\''") + "'"
    }
}
