package org.lxcgroovy.dsl

import groovy.transform.stc.ClosureParams
import groovy.transform.stc.SimpleType
import java.time.Duration
import org.lxcgroovy.engine.AttachOptions
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerBound
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException
import org.lxcgroovy.engine.groovy.NamedOptions
import org.lxcgroovy.engine.groovy.OptionMaps
import org.lxcgroovy.dsl.packages.Apt

/**
 * The delegate of {@code c.attachWait { ... }}: the closure runs on the host (a JVM cannot run Java in a process
 * liblxc forks), and what it does to the system happens in the container — commands by attach, files through
 * {@link ContainerFile} — while host variables stay visible as in any closure. The container's API is this
 * delegate's too: its Java methods by delegation, its Groovy spellings ({@code shutdown(30)},
 * {@code getIps(family: 'inet6')}, ...) because this is a {@link ContainerBound}.
 */
class InContainer implements ContainerBound {
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

    ExecResult run(CharSequence... command) {
        run([:], command as List)
    }

    ExecResult run(List command) {
        run([:], command)
    }

    ExecResult run(Map options, CharSequence... command) {
        run(options, command as List)
    }

    /** A command in the container, its output captured unless {@code options} say otherwise (see AttachOptions). */
    ExecResult run(Map options, List command) {
        run(OptionMaps.attach(options), OptionMaps.strings(command))
    }

    /** Where every spelling of run, sh and apt's commands arrives, options typed: the one route into the container. */
    ExecResult run(AttachOptions options, List<String> argv) {
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

    /** Runs {@code body} with this as delegate (and as its parameter, if it takes one) and returns its value. */
    Object call(Closure body) {
        Closure job = body.rehydrate(this, body.owner, body.thisObject)
        job.resolveStrategy = Closure.DELEGATE_FIRST
        job.maximumNumberOfParameters == 0 ? job.call() : job.call(this)
    }
}
