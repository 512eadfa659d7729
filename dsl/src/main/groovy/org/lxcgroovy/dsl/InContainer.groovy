package org.lxcgroovy.dsl

import java.time.Duration
import org.lxcgroovy.engine.AttachedProcess
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.GroovyContainerMethods
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.ExecResult

/**
 * The delegate of {@code c.attachWait { ... }}: the closure runs on the host (a JVM cannot run Java in a process
 * liblxc forks), and what it does to the system happens in the container — commands by attach, files through
 * {@link ContainerFile} — while host variables stay visible as in any closure.
 */
class InContainer {
    /** The container's own API is this delegate's too: {@code name}, {@code state}, {@code getIps()}, ... */
    @Delegate(interfaces = false)
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
