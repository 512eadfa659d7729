package org.lxcgroovy.dsl

import java.time.Duration
import org.lxcgroovy.engine.AttachedProcess
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.GroovyContainerMethods
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.NamedOptions
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException
import org.lxcgroovy.dsl.packages.Apt

/**
 * The delegate of {@code c.attachWait { ... }}: the closure runs on the host (a JVM cannot run Java in a process
 * liblxc forks), and what it does to the system happens in the container — commands by attach, files through
 * {@link ContainerFile} — while host variables stay visible as in any closure.
 */
class InContainer {
    /** The container's own API is this delegate's too: {@code name}, {@code state}, {@code getIps()}, ... */
    @Delegate(interfaces = false)
    final Container container

    private Apt apt

    InContainer(Container container) {
        this.container = container
    }

    /** apt-get in this container: {@code apt.update()}, {@code apt.upgrade()}, {@code apt.install('pkg')}, ... */
    Apt getApt() {
        apt ?: (apt = new Apt(this))
    }

    /** Whole seconds this closure has left for its commands; null when it has no deadline. */
    Long secondsLeft() {
        null
    }

    /**
     * Runs {@code action} as one step of the work, of {@code kind} ("apt", ...): a fleet member puts it on the
     * report's timeline (the action gets the {@link FleetStep}); here it just runs (with null).
     */
    public <T> T step(String kind, String label, Closure<T> action) {
        action.call((FleetStep) null)
    }

    /** Told by a package manager what an operation changed; a fleet member puts it in the report. */
    void packagesChanged(List<Map<String, String>> changes) {
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
                throw new LxcException(LxcException.Kind.TIMED_OUT, 'waitForBoot', name,
                        "not booted within ${limit.toSeconds()} s: systemd says '$state'")
            }
            // the engine's run, not this delegate's: a poll that finds systemd's bus not up yet is no failed step
            ExecResult r = container.run(captured([timeout: Duration.ofNanos(left)]), ['systemctl', 'is-system-running', '--wait'])
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
        run('systemctl', '--failed', '--plain', '--no-legend').stdout.readLines()*.trim().findAll { it }
                .collect { it.split(/\s+/)[0] }
    }

    /** The container's init, resolved inside it, is systemd. */
    private boolean bootsSystemd() {
        Object init = container.getConfigItem('lxc.init.cmd')
        String program = (init instanceof String && init.trim() ? init.trim().split(/\s+/)[0] : '/sbin/init')
        run(['/bin/sh', '-c', 'readlink -f "$1"', 'sh', program]).stdout.trim().endsWith('/systemd')
    }

    ContainerFile file(String path) {
        new ContainerFile(container, path)
    }

    /**
     * A path whose writes and creations are owned by {@code owner}/{@code group}, container ids (default 0):
     * {@code file('/home/app/.profile', owner: 1000, group: 1000).text = '...'}.
     */
    ContainerFile file(Map options, String path) {
        NamedOptions.check('file', options, ['owner', 'group'])
        new ContainerFile(container.files.ownedBy((options.owner ?: 0) as int, (options.group ?: 0) as int), path)
    }

    ExecResult run(String... command) {
        run([:], command as List)
    }

    ExecResult run(List command) {
        run([:], command)
    }

    ExecResult run(Map options, String... command) {
        run(options, command as List)
    }

    /** A command in the container, its output captured unless {@code options} say otherwise. */
    ExecResult run(Map options, List command) {
        container.run(captured(options), command.collect { String.valueOf(it) })
    }

    protected static Map captured(Map options) {
        [stdout: 'capture', stderr: 'capture'] + options
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
        sh('hostname').stdout.trim()
    }

    /** The environment an attached process gets (clean by default: PATH and container=lxc). */
    Map<String, String> getEnv() {
        sh('env').stdout.readLines().findAll { it.contains('=') }.collectEntries {
            int eq = it.indexOf('=')
            [(it.substring(0, eq)): it.substring(eq + 1)]
        }
    }

    String getName() {
        container.name
    }

    /** Runs {@code body} with this as delegate and returns its value. */
    Object call(Closure body) {
        Closure job = body.rehydrate(this, body.owner, body.thisObject)
        job.resolveStrategy = Closure.DELEGATE_FIRST
        job.maximumNumberOfParameters == 0 ? job.call() : job.call(this)
    }

    // The engine's Groovy spellings (GroovyContainerMethods) for the delegated container: named options, seconds.

    List<String> getIps(Map options) { GroovyContainerMethods.getIps(container, options) }

    List<String> getIps(String family, String iface, int scope, Duration timeout) {
        GroovyContainerMethods.getIps(container, family, iface, scope, timeout)
    }

    boolean shutdown(int timeoutSeconds) { GroovyContainerMethods.shutdown(container, timeoutSeconds) }

    boolean reboot2(int timeoutSeconds) { GroovyContainerMethods.reboot2(container, timeoutSeconds) }

    boolean waitFor(Object state, int timeoutSeconds) { GroovyContainerMethods.waitFor(container, state, timeoutSeconds) }

    void start(Map options) { GroovyContainerMethods.start(container, options) }

    void setConfigItem(String key, Object value) { GroovyContainerMethods.setConfigItem(container, key, value) }

    void appendConfigItem(String key, Object value) { GroovyContainerMethods.appendConfigItem(container, key, value) }

    void setCgroupItem(String key, Object value) { GroovyContainerMethods.setCgroupItem(container, key, value) }

    int attachWait(Map options, List<String> command) { GroovyContainerMethods.attachWait(container, options, command) }

    int attachWait(Map options, Lxc.AttachFunction function, List<String> command) {
        GroovyContainerMethods.attachWait(container, options, function, command)
    }

    AttachedProcess attach(Map options, List<String> command) { GroovyContainerMethods.attach(container, options, command) }

    String consoleLog(boolean clear, boolean read, long readMax) {
        GroovyContainerMethods.consoleLog(container, clear, read, readMax)
    }
}
