package org.lxcgroovy.dsl

import groovy.transform.stc.ClosureParams
import groovy.transform.stc.SimpleType
import java.time.Duration
import org.lxcgroovy.dsl.net.DhcpQueue
import org.lxcgroovy.engine.AttachOptions
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerBound
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException
import org.codehaus.groovy.runtime.InvokerHelper
import org.lxcgroovy.engine.groovy.ContainerMethods
import org.lxcgroovy.engine.groovy.NamedOptions
import org.lxcgroovy.engine.groovy.OptionMaps
import org.lxcgroovy.dsl.net.DhcpQueue
import org.lxcgroovy.dsl.packages.Apt

/**
 * The delegate of {@code c.attachWait { ... }}: the closure runs on the host (a JVM cannot run Java in a process
 * liblxc forks), and what it does to the system happens in the container — commands by attach, files through
 * {@link ContainerFile} — while host variables stay visible as in any closure. The container's API is this
 * delegate's too: its Java methods by delegation, its Groovy spellings ({@code shutdown(30)},
 * {@code getIps(family: 'inet6')}, ...) because this is a {@link ContainerBound}.
 * <p>
 * In check mode nothing that would change the container is done: commands are skipped unless marked
 * {@code readOnly: true}, file writes are skipped, apt simulates (see {@link Apt}), and the container operations
 * below that change it (stop, freeze, configuration, snapshots, ...) are skipped; each skip is reported.
 */
class InContainer implements ContainerBound {
    /**
     * Under {@code --check}, set on the thread that runs the script (and so the threads it starts): closures "in the
     * container" outside fleet bodies check too, and tell this what they skip (the script's output). Null: no check.
     */
    static final InheritableThreadLocal<Closure<?>> CHECKING = new InheritableThreadLocal<Closure<?>>()
    /** What a skipped command returns: success with no output (mark a command readOnly to have its real result). */
    static final ExecResult NOT_RUN = new ExecResult(0, 0, '', '', Duration.ZERO, false)

    /**
     * The container's operations that change it and that no fleet body needs typed: reached through
     * {@link #methodMissing} (check mode skips them) rather than by delegation.
     */
    static final Set<String> CHANGING = (['reboot2', 'snapshotDestroyAll', 'destroyWithSnapshots', 'rename', 'restore',
            'migrate', 'umount', 'setMemoryLimit', 'appendConfigItem', 'clearConfig', 'addDeviceNode', 'removeDeviceNode',
            'attachInterface', 'detachInterface'] as Set<String>).asImmutable()

    @Delegate(interfaces = false, excludes = ['reboot2', 'snapshotDestroyAll', 'destroyWithSnapshots', 'rename', 'restore',
            'migrate', 'umount', 'setMemoryLimit', 'appendConfigItem', 'clearConfig', 'addDeviceNode', 'removeDeviceNode',
            'attachInterface', 'detachInterface'])
    final Container container
    /** Check mode: what would change the container is reported, not done. */
    final boolean check

    private Apt apt

    InContainer(Container container) {
        this(container, CHECKING.get() != null)
    }

    InContainer(Container container, boolean check) {
        this.container = container
        this.check = check
    }

    /** apt-get in this container: {@code apt.update()}, {@code apt.upgrade()}, {@code apt.install('pkg')}, ... */
    Apt getApt() {
        apt ?: (apt = new Apt(this))
    }

    /** After the body: removes what check mode left in the container (apt's scratch lists). */
    void finish() {
        apt?.discardScratch()
    }

    /** Whole seconds this closure has left for its commands; null when it has no deadline. */
    Long secondsLeft() {
        null
    }

    /**
     * Why the container may be unable to reach anything, when its bridge can say: "the container has no IPv4
     * address: the bridge lxcbr0 has no free address: ..." (or no DHCP server serves it). Null when it has an
     * address or its bridge sees nothing wrong. For failures that follow from it: a boot that waits for the
     * network, a name lookup.
     */
    String addressTrouble() {
        if (container.running && !container.getIps('inet', null, 0, null)) {
            String cause = DhcpQueue.of(container)?.cause()
            if (cause != null) {
                return "the container has no IPv4 address: $cause".toString()
            }
        }
        null
    }

    /** {@code e} with {@link #addressTrouble()} added to its reason, or {@code e} itself when there is none. */
    LxcException withAddressTrouble(LxcException e) {
        String trouble = addressTrouble()
        trouble == null ? e : new LxcException(e.kind, e.operation, e.container, "${e.reason}; ${trouble}".toString(), e)
    }

    /**
     * Runs {@code action} as one step of the work, of {@code kind} (apt, ...): a fleet member puts it on the
     * report's timeline (the action gets the {@link FleetStep}); here it just runs (with null).
     */
    public <T> T step(StepKind kind, String label,
                      @ClosureParams(value = SimpleType, options = 'org.lxcgroovy.dsl.FleetStep') Closure<T> action) {
        action.call((FleetStep) null)
    }

    /** Told by a package manager what an operation changed; a fleet member puts it in the report. */
    void packagesChanged(List<Map<String, String>> changes) {
    }

    /** Told by a package manager in check mode what an operation would change; a fleet member puts it in the report. */
    void packagesWouldChange(List<Map<String, String>> changes) {
    }

    /** Told by a package manager how many upgrades are pending; a fleet member puts it in the report. */
    void upgradesPending(int count) {
    }

    /** In check mode: reports that {@code what} is not done and returns true; otherwise false. */
    protected boolean skips(String what) {
        if (check) {
            skipped(what)
        }
        check
    }

    /** Told of what check mode did not do: a line on the script's output here; a fleet member puts it in the report. */
    protected void skipped(String what) {
        String line = "${name}: skipped (check mode): ${what}"
        Closure<?> output = CHECKING.get()
        output != null ? output.call(line) : System.out.println(line)
    }

    /**
     * Waits until the container has finished booting, for at most {@code limit}. Where its init is systemd, that is
     * what {@code systemctl is-system-running --wait} says: "running" or "degraded" is returned, any other end
     * state ("maintenance", "stopping") or no end within the limit is an exception. Other inits: null at once.
     */
    String waitForBoot(Duration limit) {
        long giveUp = System.nanoTime() + limit.toNanos()
        if (!bootsSystemd()) {
            return null
        }
        String state = 'offline'
        while (true) {
            long left = giveUp - System.nanoTime()
            if (left <= 0) {
                throw withAddressTrouble(new LxcException(LxcException.Kind.TIMED_OUT, 'waitForBoot', name,
                        "not booted within ${limit.toSeconds()} s: systemd says '$state'"))
            }
            // the engine's run, not this delegate's: a poll that finds systemd's bus not up yet is no failed step
            ExecResult r = container.run(AttachOptions.builder().timeout(Duration.ofNanos(left)).build(),
                    ['systemctl', 'is-system-running', '--wait'])
            state = r.stdout.trim() ?: 'offline'
            if (state in ['running', 'degraded']) {
                return state
            }
            if (!r.timedOut() && !(state in ['offline', 'initializing', 'starting'])) {
                throw new LxcException(LxcException.Kind.FAILED, 'waitForBoot', name, "systemd says '$state'")
            }
            if (!r.timedOut()) {
                Thread.sleep(100)   // systemd's bus is not up yet: systemctl says "offline" at once
            }
        }
    }

    /** The units systemd lists as failed, by name. */
    List<String> failedUnits() {
        run([readOnly: true], ['systemctl', '--failed', '--plain', '--no-legend']).stdout.readLines()*.trim().findAll { it }
                .collect { it.split(/\s+/)[0] }
    }

    /** The container's init, resolved inside it, is systemd. */
    private boolean bootsSystemd() {
        Object init = container.getConfigItem('lxc.init.cmd')
        String program = (init instanceof String && init.trim() ? init.trim().split(/\s+/)[0] : '/sbin/init')
        run([readOnly: true], ['/bin/sh', '-c', 'readlink -f "$1"', 'sh', program]).stdout.trim().endsWith('/systemd')
    }

    ContainerFile file(String path) {
        new ContainerFile(container.files, path, writes())
    }

    /**
     * A path whose writes and creations are owned by {@code owner}/{@code group}, container ids (default 0):
     * {@code file('/home/app/.profile', owner: 1000, group: 1000).text = '...'}.
     */
    ContainerFile file(Map options, String path) {
        NamedOptions.check('file', options, ['owner', 'group'])
        new ContainerFile(container.files.ownedBy((options.owner ?: 0) as int, (options.group ?: 0) as int), path, writes())
    }

    /** For a file: null (writes are done), or in check mode what is told of each write not done. */
    private Closure<?> writes() {
        check ? { String what -> skipped(what) } : null
    }

    ExecResult run(CharSequence... command) {
        run([:], command as List)
    }

    /** Declared so that it is this class's route, not the container's own (which {@code @Delegate} would add). */
    ExecResult run(String... command) {
        run([:], command as List)
    }

    /** The container's attachWait (output to the command's own stdout and stderr); in check mode skipped (0). */
    int attachWait(List<String> command) {
        skips("\$ ${command.join(' ')}") ? 0 : container.attachWait(command)
    }

    ExecResult run(List command) {
        run([:], command)
    }

    ExecResult run(Map options, CharSequence... command) {
        run(options, command as List)
    }

    /**
     * A command in the container, its output captured unless {@code options} say otherwise (see AttachOptions).
     * {@code readOnly: true} says it changes nothing, so check mode runs it too; other commands check mode skips
     * ({@link #NOT_RUN}).
     */
    ExecResult run(Map options, List command) {
        Map<String, Object> attach = new LinkedHashMap<String, Object>(options)
        boolean readOnly = attach.remove('readOnly') as boolean
        runChecked(OptionMaps.attach(attach), OptionMaps.strings(command), readOnly)
    }

    /** A command with typed options; in check mode skipped (it is not known to be read-only). */
    ExecResult run(AttachOptions options, List<String> argv) {
        runChecked(options, argv, false)
    }

    /** Where every spelling of run, sh and apt's commands arrives: check mode decides here. */
    private ExecResult runChecked(AttachOptions options, List<String> argv, boolean readOnly) {
        !readOnly && skips("\$ ${argv.join(' ')}") ? NOT_RUN : runInContainer(options, argv)
    }

    /** The one route into the container; a fleet member bounds it by the deadline and records it. */
    protected ExecResult runInContainer(AttachOptions options, List<String> argv) {
        container.run(options, argv)
    }

    /** A shell command line; anything but success throws {@link CommandFailedException}. */
    ExecResult sh(Map options = [:], String script) {
        ExecResult r = run(options, ['/bin/sh', '-c', script])
        if (!r.success) {
            throw new CommandFailedException(container.name, script, r)
        }
        r
    }

    /** The container's host name, as a process inside it sees it. */
    String getHostname() {
        sh(readOnly: true, 'hostname').stdout.trim()
    }

    /** The environment an attached process gets (clean by default: PATH and container=lxc). */
    Map<String, String> getEnv() {
        sh(readOnly: true, 'env').stdout.readLines().findAll { it.contains('=') }.collectEntries {
            int eq = it.indexOf('=')
            [(it.substring(0, eq)): it.substring(eq + 1)]
        }
    }

    String getName() {
        container.name
    }

    // ---- operations that change the container itself: check mode skips them -----------------------------------

    /** The {@link #CHANGING} operations, by name: the container's own, skipped in check mode (null returned). */
    def methodMissing(String name, Object args) {
        if (!(name in CHANGING)) {
            throw new MissingMethodException(name, InContainer, args as Object[])
        }
        skips(name) ? null : InvokerHelper.invokeMethod(container, name, args)
    }

    void stop() {
        if (!skips('stop')) {
            container.stop()
        }
    }

    /** In check mode: true (it would be asked to halt). */
    boolean shutdown(Duration timeout) {
        skips('shutdown') || container.shutdown(timeout)
    }

    boolean shutdown(int timeoutSeconds) {
        shutdown(Duration.ofSeconds(timeoutSeconds))
    }

    void reboot() {
        if (!skips('reboot')) {
            container.reboot()
        }
    }

    void freeze() {
        if (!skips('freeze')) {
            container.freeze()
        }
    }

    void freeze(Duration timeout) {
        if (!skips('freeze')) {
            container.freeze(timeout)
        }
    }

    void unfreeze() {
        if (!skips('unfreeze')) {
            container.unfreeze()
        }
    }

    void destroy() {
        if (!skips('destroy')) {
            container.destroy()
        }
    }

    void setConfigItem(String key, String value) {
        setConfigItem(key, (Object) value)
    }

    void setConfigItem(String key, List<String> values) {
        setConfigItem(key, (Object) values)
    }

    void setConfigItem(String key, Object value) {
        if (!skips("set ${key}")) {
            ContainerMethods.setConfigItem(container, key, value)
        }
    }

    void clearConfigItem(String key) {
        if (!skips("clear ${key}")) {
            container.clearConfigItem(key)
        }
    }

    void saveConfig() {
        if (!skips('save the configuration')) {
            container.saveConfig()
        }
    }

    void setCgroupItem(String key, Object value) {
        if (!skips("set cgroup ${key}")) {
            ContainerMethods.setCgroupItem(container, key, value)
        }
    }

    /** In check mode: null (no snapshot taken). */
    String snapshot() {
        skips('snapshot') ? null : container.snapshot()
    }

    void snapshotRestore(String snapName) {
        if (!skips("restore snapshot ${snapName}")) {
            container.snapshotRestore(snapName)
        }
    }

    void snapshotDestroy(String snapName) {
        if (!skips("destroy snapshot ${snapName}")) {
            container.snapshotDestroy(snapName)
        }
    }

    /** Runs {@code body} with this as delegate (and as its parameter, if it takes one) and returns its value. */
    Object call(Closure body) {
        Closure job = body.rehydrate(this, body.owner, body.thisObject)
        job.resolveStrategy = Closure.DELEGATE_FIRST
        job.maximumNumberOfParameters == 0 ? job.call() : job.call(this)
    }
}
