package org.lxcgroovy.dsl

import groovy.transform.PackageScope
import java.util.concurrent.atomic.AtomicInteger
import java.util.regex.Pattern
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.groovy.NamedOptions
import groovy.transform.stc.ClosureParams
import groovy.transform.stc.SimpleType
import org.lxcgroovy.engine.Lxc

/**
 * The base class of every lxc-groovy script: the engine's API and constants need no imports (see
 * {@link ScriptCompiler}), plus container selection and fleet runs. Containers a script obtains here are closed
 * when it ends.
 */
abstract class LxcScript extends Script {
    private final List<Container> opened = Collections.synchronizedList([])
    /** Each fleet run's report, by run: a run stopped by a signal reports from two threads, once. */
    private final Map<Fleet, FleetReport> reports = Collections.synchronizedMap(new LinkedHashMap<Fleet, FleetReport>())
    /** Set by the command when its output is a terminal: fleet runs then show live progress there. */
    PrintStream progressTerminal
    /** Set by the command: called when the JVM is told to exit during a fleet run, after its report is added. */
    Runnable whenStopped
    /** Set by the command: shows fleet runs where there is no terminal, instead of plain lines (the journal). */
    FleetProgress plainProgress
    /** Set by the command: gets every fleet run's events besides the progress shown (the host mode's run state). */
    FleetProgress watcher
    /** Set by the command: where fleet runs record what they must undo, should the run be killed. */
    RunJournal journal = RunJournal.NONE
    /** Set by the command: what killed runs left, for fleet runs to take over (see {@link Fleet#journaled}). */
    List<RunJournal.DeadRun> deadRuns = []
    /** The lxcpath containers are looked up in ({@code --lxcpath}); null: liblxc's default. */
    String lxcPath
    /**
     * {@code --check}: every fleet run and every closure "in the container" is in check mode (nothing in a container
     * changes). The script's own engine calls outside them are its own: it reads {@code checkMode} to skip them.
     */
    private boolean checkMode
    private final AtomicInteger fleetsRunning = new AtomicInteger()

    boolean isCheckMode() {
        checkMode
    }

    /** Set by the command ({@code --check}), on the thread that runs the script, before it runs. */
    void setCheckMode(boolean check) {
        checkMode = check
        InContainer.CHECKING.set(check ? { String line -> printLine(line) } : null)
    }

    /** Every container (defined or running) in the script's lxcpath, by name. */
    List<Container> containers() {
        names().collect { container(it) }
    }

    /** The containers {@code filter} accepts; it gets each {@link Container}. */
    List<Container> containers(@ClosureParams(value = SimpleType, options = 'org.lxcgroovy.engine.Container') Closure<?> filter) {
        List<Container> all = containers()
        List<Container> chosen = all.findAll { filter.call(it) }
        (all - chosen).each { it.close() }
        chosen
    }

    /** The containers whose names match a shell-style pattern ({@code *} and {@code ?}): {@code containers('web-*')}. */
    List<Container> containers(String pattern) {
        Pattern p = glob(pattern)
        names().findAll { p.matcher(it).matches() }.collect { container(it) }
    }

    /** One container by name, in the script's lxcpath (it need not exist yet). */
    Container container(String name) {
        track(lxcPath != null ? new Container(name, lxcPath) : new Container(name))
    }

    private List<String> names() {
        Lxc.listContainers(true, true, lxcPath)
    }

    /**
     * python's {@code list_containers(active=True, defined=True, as_object=False, config_path=None)} with named
     * options {@code active}, {@code defined}, {@code asObject}, {@code configPath} (default: the script's lxcpath).
     */
    List<?> listContainers(Map options = [:]) {
        NamedOptions.check('listContainers', options, ['active', 'defined', 'asObject', 'configPath'])
        String configPath = options.configPath ?: lxcPath
        List<String> names = Lxc.listContainers(options.active != false, options.defined != false, configPath)
        options.asObject ? names.collect { track(configPath ? new Container(it, configPath) : new Container(it)) } : names
    }

    /**
     * Runs {@code body} once per target (containers or names), in parallel; see {@link Fleet} for the options
     * (under {@code --check}, {@code check: true} always).
     * Returns the report; the command's exit status is 1 when any container of any fleet run failed.
     */
    FleetReport fleet(Map options = [:], Object targets,
                      @DelegatesTo(value = FleetMember, strategy = Closure.DELEGATE_FIRST)
                      @ClosureParams(value = SimpleType, options = 'org.lxcgroovy.dsl.FleetMember') Closure body) {
        List<Container> list = (targets instanceof Collection ? targets : [targets]).collect {
            it instanceof Container ? it : container(String.valueOf(it))
        }
        if (checkMode && options.check == false) {
            throw new IllegalArgumentException('this fleet asks check: false, but the command was told --check: nothing may change')
        }
        Fleet run = new Fleet(checkMode ? options + [check: true] : options, { String line -> printLine(line) },
                progressTerminal, watcher)
        run.showPlainAs(plainProgress)
        run.journaled(journal, deadRuns)
        run.whenStopped { FleetReport soFar -> reports.put(run, soFar); whenStopped?.run() }
        fleetsRunning.incrementAndGet()
        try {
            FleetReport report = run.run(list, body)
            reports.put(run, report)
            return report
        } finally {
            fleetsRunning.decrementAndGet()
        }
    }

    /** A fleet run is under way: when the JVM is told to exit, its own exit hook reports. */
    boolean isFleetRunning() {
        fleetsRunning.get() > 0
    }

    /** The reports of the fleet runs so far, in order. */
    List<FleetReport> getFleetReports() {
        synchronized (reports) {
            new ArrayList<>(reports.values())
        }
    }

    /** Puts back every container this script obtained. The command calls it when the script ends. */
    void closeContainers() {
        synchronized (opened) {
            opened.each { it.close() }
            opened.clear()
        }
    }

    /** In a fleet body (or a method it calls), a line goes to that container's report, prefixed with its name. */
    @Override
    void println(Object value) {
        FleetMember member = FleetMember.current()
        member != null ? member.log(value) : printLine(String.valueOf(value))
    }

    @Override
    void printf(String format, Object value) {
        printf(format, value instanceof Object[] ? (Object[]) value : [value] as Object[])
    }

    @Override
    void printf(String format, Object[] values) {
        FleetMember member = FleetMember.current()
        member != null ? member.printf(format, values) : super.printf(format, values)
    }

    /** One line to the script's output, whole even when fleet threads print at once. */
    protected void printLine(String line) {
        synchronized (this) {
            super.println(line)
        }
    }

    private Container track(Container c) {
        opened << c
        c
    }

    /** As the shell: {@code *} any run of characters, {@code ?} one, {@code [0-9]} or {@code [!a]} one of (not of) a set. */
    @PackageScope
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder()
        int i = 0
        while (i < pattern.length()) {
            char ch = pattern.charAt(i)
            int close = ch == ('[' as char) ? pattern.indexOf(']', i + 2) : -1
            if (ch == ('*' as char)) {
                regex << '.*'
            } else if (ch == ('?' as char)) {
                regex << '.'
            } else if (close > 0) {
                String set = pattern.substring(i + 1, close)
                boolean negated = set.startsWith('!')
                regex << '[' << (negated ? '^' : '') << set.substring(negated ? 1 : 0).replaceAll(/[\\\[\]^&]/) { "\\$it" } << ']'
                i = close
            } else {
                regex << Pattern.quote(String.valueOf(ch))
            }
            i++
        }
        Pattern.compile(regex.toString())
    }
}
