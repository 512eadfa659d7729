package org.lxcgroovy.dsl

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import groovy.transform.CompileStatic
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.atomic.AtomicInteger
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.LxcException

/**
 * What a run has done to containers that it must undo, kept on disk while it runs, so that a run killed with
 * {@code kill -9} (an OOM kill, {@code timeout -s KILL}) is never lost: the containers it started, thawed and
 * froze, and the guarded bodies it was in, with their snapshots. One file per run,
 * {@code <dir>/<pid>-<start>-<n>.jsonl}, one JSON object per line, each line written with one {@code write} and
 * synced before the step it announces is taken; the header names the run (pid, process start, boot, script and its
 * SHA-256). A run that ends removes its file: a file whose process is gone is a run that was killed.
 *
 * <p>{@link #deadRuns} reads what killed runs left, and {@link DeadRun#resolve} appends to a dead run's file when a
 * later run or {@code lxc-groovy recover} has dealt with a container, so the file shrinks to what is still left.
 */
@CompileStatic
class RunJournal {
    /** Public: the command's {@code --journal-dir}, Java, reads it. */
    public static final Path DEFAULT_DIR = Path.of('/var/lib/lxc-groovy/journal')
    /** Records nothing: a run outside the command (the DSL embedded, the specs of other things). */
    static final RunJournal NONE = new RunJournal(null, null, "process ${ProcessHandle.current().pid()}".toString())

    private static final AtomicInteger OPENED = new AtomicInteger()

    final Path file
    private final FileChannel channel
    /** How another run is told of this one: "run 1234 of /etc/lxc-groovy/nightly.groovy, since 2026-...Z". */
    final String holder

    private RunJournal(Path file, FileChannel channel, String holder) {
        this.file = file
        this.channel = channel
        this.holder = holder
    }

    /** Starts the journal of this process's run of {@code script} (its text hashed to {@code sha256}) in {@code dir}. */
    static RunJournal open(Path dir, String script, String sha256) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rwx------')))
        long pid = ProcessHandle.current().pid()
        long ticks = ProcessIdentity.startTicks(pid)
        Path file = dir.resolve("${pid}-${ticks}-${OPENED.incrementAndGet()}.jsonl".toString())
        FileChannel channel = FileChannel.open(file, [StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND] as Set,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rw-------')))
        Instant now = Instant.now()
        def journal = new RunJournal(file, channel, "run ${pid} of ${script}, since ${now}".toString())
        journal.record([e: 'run', pid: pid, start: ticks, boot: ProcessIdentity.bootId(), script: script,
                        sha256: sha256, at: now.toString()] as Map<String, Object>)
        journal
    }

    /** The run is about to start {@code c}. */
    void starting(Container c) {
        record(entry('start', c))
    }

    /** The run started {@code c}: from here it shuts it down afterwards. */
    void started(Container c) {
        record(entry('started', c) + identity(c))
    }

    /** What the run started (or took over) is halted again. */
    void stopped(Container c) {
        record(entry('stopped', c))
    }

    /** The run is about to thaw {@code c}, which it found frozen, to work on it (it freezes it again afterwards). */
    void thawing(Container c) {
        record(entry('thaw', c) + identity(c))
    }

    /** What the run thawed is frozen again. */
    void refrozen(Container c) {
        record(entry('refrozen', c))
    }

    /** The body is about to freeze {@code c}. */
    void freezing(Container c) {
        record(entry('freeze', c) + identity(c))
    }

    /** What the body froze it has thawed again. */
    void unfrozen(Container c) {
        record(entry('unfrozen', c))
    }

    /** The guard took {@code snapshot} of {@code c}, found running or not. */
    void guarded(Container c, String snapshot, boolean foundRunning) {
        record(entry('guard', c) + ([snapshot: snapshot, foundRunning: foundRunning] as Map<String, Object>))
    }

    /** The guarded body begins to change {@code c}. */
    void bodyBegun(Container c) {
        record(entry('body', c))
    }

    /** The guarded body ended ok, or was rolled back: the guard's snapshot is nothing to restore any more. */
    void bodyEnded(Container c) {
        record(entry('body-ended', c))
    }

    /** The run ended: nothing of it is left to undo, and its file goes. */
    void close() {
        if (channel != null) {
            channel.close()
            Files.deleteIfExists(file)
        }
    }

    private static Map<String, Object> entry(String event, Container c) {
        [e: event, c: c.name, p: c.configPath, at: Instant.now().toString()] as Map<String, Object>
    }

    /** The container's init pid and that process's start: which running instance of the container it is. */
    private static Map<String, Object> identity(Container c) {
        int init = c.initPid
        [init: init, initStart: init > 0 ? ProcessIdentity.startTicks(init) : -1L] as Map<String, Object>
    }

    private synchronized void record(Map<String, Object> line) {
        if (channel == null) {
            return
        }
        channel.write(ByteBuffer.wrap((JsonOutput.toJson(line) + '\n').getBytes(StandardCharsets.UTF_8)))
        channel.force(false)
    }

    // ---- what killed runs left ----------------------------------------------------------------------------------

    /** What a killed run left of one container. */
    enum Kind {
        /** It started the container (or took it over), which still runs: it would have shut it down. */
        STARTED('started by the run, still running'),
        /** It thawed the container, found frozen, and did not freeze it again. */
        THAWED('thawed by the run (frozen before it), still running'),
        /** Its body froze the container and did not thaw it. */
        FROZEN('frozen by the run'),
        /** It was in a guarded body: the container may be half changed; the guard's snapshot is kept. */
        MID_BODY('left mid guarded body')

        final String description

        Kind(String description) {
            this.description = description
        }
    }

    /** One thing a killed run left: {@code kind} of container {@code name} in {@code lxcpath}. */
    @CompileStatic
    static final class Leftover {
        final String name
        final String lxcpath
        final Kind kind
        /** The init pid and its start ticks when the run recorded it (-1: a start it was killed in). */
        final long init
        final long initStart
        /** When the run recorded the step. */
        final Instant at
        final String snapshot
        final boolean foundRunning

        Leftover(String name, String lxcpath, Kind kind, long init, long initStart, Instant at, String snapshot,
                 boolean foundRunning) {
            this.name = name
            this.lxcpath = lxcpath
            this.kind = kind
            this.init = init
            this.initStart = initStart
            this.at = at
            this.snapshot = snapshot
            this.foundRunning = foundRunning
        }

        boolean isOf(Container c) {
            c.name == name && c.configPath == lxcpath
        }

        /**
         * Whether the container is still as the run left it: the same running instance (its init is the process
         * the run saw; for a start the run was killed in, one that began after it), in the state the kind says;
         * for a guarded body, its snapshot still exists. Anything else is stale: someone dealt with it since.
         */
        boolean holds(Container c) {
            if (!c.defined) {
                return false
            }
            if (kind == Kind.MID_BODY) {
                return c.snapshotList().any { it.name() == snapshot }
            }
            String state = c.state.toString()
            boolean inState = kind == Kind.FROZEN ? state in ['FROZEN', 'FREEZING'] : state == 'RUNNING'
            inState && sameInstance(c.initPid)
        }

        private boolean sameInstance(int pid) {
            long ticks = pid > 0 ? ProcessIdentity.startTicks(pid) : -1L
            if (init > 0) {
                return pid == init && ticks == initStart
            }
            ticks >= 0 && !ProcessIdentity.startedAt(ticks).isBefore(at.minusSeconds(1))
        }

        /** "lxcg-web: started by the run, still running" (with the snapshot for a guarded body). */
        String describe() {
            "${name}: ${kind.description}${kind == Kind.MID_BODY ? " (its snapshot ${snapshot} is kept)" : ''}".toString()
        }
    }

    /**
     * What killed runs in {@code dir} left that is still so, each checked against its container now: what is no
     * longer so (stopped, thawed, restored since) is marked resolved, and a run with nothing left loses its file.
     */
    static List<DeadRun> leftBehind(Path dir) {
        List<DeadRun> left = []
        for (DeadRun dead : deadRuns(dir)) {
            List<Leftover> holding = dead.leftovers.findAll { Leftover l ->
                boolean holds = stillHolds(l)
                if (!holds) {
                    dead.resolve(l, 'found otherwise since')
                }
                holds
            }
            dead.forgetIfDone(holding)
            if (holding) {
                left << new DeadRun(dead.file, dead.pid, dead.script, dead.sha256, dead.startedAt, holding)
            }
        }
        left
    }

    /** A container that cannot be asked now (its monitor does not answer) is counted as still left. */
    private static boolean stillHolds(Leftover l) {
        Container c = new Container(l.name, l.lxcpath)
        try {
            l.holds(c)
        } catch (LxcException ignored) {
            true
        } finally {
            c.close()
        }
    }

    /** A run that was killed, and what it left. */
    @CompileStatic
    static final class DeadRun {
        final Path file
        final long pid
        final String script
        final String sha256
        final Instant startedAt
        final List<Leftover> leftovers

        DeadRun(Path file, long pid, String script, String sha256, Instant startedAt, List<Leftover> leftovers) {
            this.file = file
            this.pid = pid
            this.script = script
            this.sha256 = sha256
            this.startedAt = startedAt
            this.leftovers = leftovers
        }

        /** "run 1234 of /etc/lxc-groovy/nightly.groovy (sha256 0a1b2c3d4e5f, started 2026-12-03T02:00:01Z)" */
        String describe() {
            "run ${pid} of ${script} (sha256 ${sha256?.take(12)}, started ${startedAt.truncatedTo(ChronoUnit.SECONDS)})".toString()
        }

        /** {@code by} has dealt with what this run left of {@code leftover}'s container: it is no longer left. */
        void resolve(Leftover leftover, String by) {
            Map<String, Object> line = [e: 'resolved', c: leftover.name, p: leftover.lxcpath, k: leftover.kind.name(),
                                        by: by, at: Instant.now().toString()] as Map<String, Object>
            Files.writeString(file, JsonOutput.toJson(line) + '\n', StandardOpenOption.APPEND)
        }

        /** Removes the file once nothing of the run is left ({@code still}: what is, after checking). */
        void forgetIfDone(List<Leftover> still) {
            if (still.isEmpty()) {
                Files.deleteIfExists(file)
            }
        }
    }

    /** Killed runs' journals in {@code dir}, each with what it left by its own account (not yet checked). */
    static List<DeadRun> deadRuns(Path dir) {
        if (!Files.isDirectory(dir)) {
            return []
        }
        List<Path> files = Files.list(dir).withCloseable { it.filter { it.toString().endsWith('.jsonl') }.sorted().toList() }
        files.collect { read(it) }.findAll { it != null } as List<DeadRun>
    }

    /** The run of {@code file} if it was killed (null while it runs); what it left, by replaying its lines. */
    static DeadRun read(Path file) {
        List<Map> lines = []
        for (String text : Files.readAllLines(file)) {
            try {
                lines << (Map) new JsonSlurper().parseText(text)
            } catch (RuntimeException ignored) {
                // a line cut short by a crash of the machine: the step it announced was not taken
            }
        }
        Map header = lines.find { it.e == 'run' }
        if (header == null) {
            return null     // being opened this moment, or not a journal
        }
        if (ProcessIdentity.alive(header.boot as String, header.pid as long, header.start as long)) {
            return null
        }
        new DeadRun(file, header.pid as long, header.script as String, header.sha256 as String,
                Instant.parse(header.at as String), replay(lines, header.boot == ProcessIdentity.bootId()))
    }

    /**
     * What the lines leave, per container, in the order first touched. After a reboot only guarded bodies are
     * left: every container stopped with the machine.
     */
    static List<Leftover> replay(List<Map> lines, boolean sameBoot) {
        Map<String, Map<Kind, Leftover>> byContainer = new LinkedHashMap<>()
        Map<String, Leftover> guards = [:]     // snapshots taken, whose body has not begun yet
        for (Map l : lines) {
            if (l.c == null) {
                continue
            }
            String key = "${l.p}/${l.c}".toString()
            Map<Kind, Leftover> left = byContainer.computeIfAbsent(key) { new LinkedHashMap<Kind, Leftover>() }
            switch (l.e) {
                case 'start': left[Kind.STARTED] = leftover(l, Kind.STARTED); break
                case 'started': left[Kind.STARTED] = leftover(l, Kind.STARTED); break
                case 'stopped': left.remove(Kind.STARTED); left.remove(Kind.THAWED); left.remove(Kind.FROZEN); break
                case 'thaw': left[Kind.THAWED] = leftover(l, Kind.THAWED); break
                case 'refrozen': left.remove(Kind.THAWED); break
                case 'freeze': left[Kind.FROZEN] = leftover(l, Kind.FROZEN); break
                case 'unfrozen': left.remove(Kind.FROZEN); break
                case 'guard': guards[key] = leftover(l, Kind.MID_BODY); break
                case 'body': if (guards[key] != null) { left[Kind.MID_BODY] = guards[key] }; break
                case 'body-ended': left.remove(Kind.MID_BODY); guards.remove(key); break
                case 'resolved': left.remove(Kind.valueOf(l.k as String)); break
            }
        }
        List<Leftover> all = byContainer.values().collectMany { it.values() } as List<Leftover>
        sameBoot ? all : all.findAll { it.kind == Kind.MID_BODY }
    }

    private static Leftover leftover(Map l, Kind kind) {
        new Leftover(l.c as String, l.p as String, kind, (l.init ?: -1) as long, (l.initStart ?: -1) as long,
                Instant.parse(l.at as String), l.snapshot as String, l.foundRunning as boolean)
    }
}
