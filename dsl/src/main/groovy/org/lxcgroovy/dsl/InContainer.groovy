package org.lxcgroovy.dsl

import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ExecResult

/**
 * The delegate of {@code c.attachWait { ... }}: the closure runs on the host (a JVM cannot run Java in a process
 * liblxc forks), and what it does to the system happens in the container — commands by attach, files through
 * {@link ContainerFile} — while host variables stay visible as in any closure.
 */
class InContainer {
    final Container container

    InContainer(Container container) {
        this.container = container
    }

    ContainerFile file(String path) {
        new ContainerFile(container, path)
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
}
