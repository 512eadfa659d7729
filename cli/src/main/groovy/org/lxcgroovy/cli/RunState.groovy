package org.lxcgroovy.cli

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.time.Instant
import org.lxcgroovy.dsl.FleetProgress
import org.lxcgroovy.dsl.FleetResult
import org.lxcgroovy.dsl.FleetStep

/**
 * A host-mode run's state on the host, in {@code <runs>/<id>/}, for the collection's status and cancel modules
 * and for whoever looks later: {@code state.json} (protocol, pid, script hash, deadline; written at the start),
 * {@code script.groovy}, {@code output.log} (what the script printed), {@code progress.json} (each container's
 * state and step, rewritten as they change) and {@code result.json} (the report, written once at the end: its
 * presence means the run ended). Each JSON file is replaced whole (written aside, then renamed), so a reader never
 * sees half of one. Root's only: scripts and reports may hold secrets.
 */
@CompileStatic
class RunState {
    static final Path DEFAULT_RUNS = Path.of('/var/lib/lxc-groovy/runs')
    /** Run ids name a directory: no slash, no dot first, a length a file name takes. */
    static final String ID_PATTERN = /[A-Za-z0-9][A-Za-z0-9._-]{0,99}/

    final Path dir

    private RunState(Path dir) {
        this.dir = dir
    }

    /**
     * The directory of run {@code id}: new, or made by the module that started this run and holding no state yet.
     * A run's state is never overwritten: an id that ran already is refused.
     */
    static RunState create(Path runs, String id) {
        if (!(id ==~ ID_PATTERN)) {
            throw new IllegalArgumentException("run id '${id}' is not a name of letters, digits, '.', '_' and '-'")
        }
        Files.createDirectories(runs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rwx------')))
        Path dir = runs.resolve(id)
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rwx------')))
        }
        if (Files.exists(dir.resolve('state.json'))) {
            throw new IllegalArgumentException("run ${id} ran already on this host (${dir}); a run id is used once")
        }
        new RunState(dir)
    }

    void writeScript(String text) {
        Files.writeString(dir.resolve('script.groovy'), text)
    }

    Path getOutputLog() {
        dir.resolve('output.log')
    }

    void writeState(Map<String, Object> state) {
        writeJson('state.json', state)
    }

    void writeResult(Map<String, Object> result) {
        writeJson('result.json', result)
    }

    /** What the status module reads while the run goes on: each container's state and what it is at. */
    FleetProgress progressWriter() {
        new ProgressFile()
    }

    private synchronized void writeJson(String name, Map<String, Object> content) {
        WholeFile.write(dir.resolve(name), JsonOutput.toJson(content) + '\n')
    }

    @CompileStatic
    private final class ProgressFile extends FleetProgress {
        /** container → state ("running", "ok", "FAILED", "TIMEOUT"), step, seconds when ended */
        private final Map<String, Map<String, Object>> containers = new LinkedHashMap<>()

        void line(String text) {
        }

        synchronized void started(FleetResult r) {
            containers[r.container] = [state: 'running', doing: 'starting', since: Instant.now().toString()] as Map<String, Object>
            save()
        }

        synchronized void stepBegun(FleetResult r, FleetStep step) {
            doing(r, step.kind.doing ?: step.label)
            save()
        }

        protected synchronized void doing(FleetResult r, String what) {
            containers[r.container]?.put('doing', what)
        }

        synchronized void finished(FleetResult r) {
            containers[r.container] = [state: r.outcome, seconds: r.duration.toMillis() / 1000.0d,
                                       error: r.error] as Map<String, Object>
            save()
        }

        private void save() {
            writeJson('progress.json', [updatedAt: Instant.now().toString(), containers: containers] as Map<String, Object>)
        }
    }
}
