package org.lxcgroovy.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Groovy spellings of {@link Container}'s API, as a Groovy extension module (META-INF/groovy): named options
 * as maps ({@code c.run(timeout: 5, ['uname'])}), timeouts in seconds ({@code c.shutdown(30)}), values of any
 * type ({@code c.setConfigItem('lxc.cap.drop', ['sys_module'])}), python3-lxc's positional forms. Plain Java,
 * so the engine needs no Groovy; Java callers use the typed methods on {@code Container} instead.
 */
public final class GroovyContainerMethods {
    private GroovyContainerMethods() {
    }

    // ---- lifecycle

    /** {@code c.create('download', dist: 'debian', release: 'bookworm', arch: 'amd64')}. */
    public static void create(Container self, Map<String, ?> args, String template) {
        self.create(template, args);
    }

    public static void create(Container self, String template, int flags, Map<String, ?> args) {
        self.create(CreateOptions.DEFAULT.withTemplate(template).withFlags(flags).withArgs(args));
    }

    public static void create(Container self, String template, int flags, Map<String, ?> args, String bdevtype,
                              Map<String, ?> bdevSpecs) {
        self.create(new CreateOptions(template, flags, args, bdevtype, bdevSpecs));
    }

    /** python's {@code start(useinit=..., cmd=...)}: {@code c.start(useinit: true, command: ['sleep', '60'])}. */
    public static void start(Container self, Map<String, ?> options) {
        NamedOptions.check("start", options, List.of("useinit", "command"));
        Object command = options.get("command");
        self.start(Boolean.TRUE.equals(options.get("useinit")), command == null ? List.of() : strings(command));
    }

    /** {@code c.shutdown(30)}: seconds, -1 for as long as it takes. */
    public static boolean shutdown(Container self, int timeoutSeconds) {
        return self.shutdown(duration(timeoutSeconds));
    }

    public static boolean reboot2(Container self, int timeoutSeconds) {
        return self.reboot2(duration(timeoutSeconds));
    }

    /** python's {@code wait('RUNNING', 30)}: the state by name or value, seconds (-1: forever). */
    public static boolean waitFor(Container self, Object state, int timeoutSeconds) {
        return self.waitFor(ContainerState.of(String.valueOf(state)), duration(timeoutSeconds));
    }

    // ---- configuration

    /** A value of any type; a collection sets every value of a multi-valued key. */
    public static void setConfigItem(Container self, String key, Object value) {
        if (value instanceof Collection<?> many) {
            self.setConfigItem(key, strings(many));
        } else {
            self.setConfigItem(key, String.valueOf(value));
        }
    }

    public static void appendConfigItem(Container self, String key, Object value) {
        self.appendConfigItem(key, String.valueOf(value));
    }

    public static void setCgroupItem(Container self, String key, Object value) {
        self.setCgroupItem(key, String.valueOf(value));
    }

    // ---- network

    /** python's {@code get_ips(family, interface, scope, timeout)} as named options; timeout in seconds. */
    public static List<String> getIps(Container self, Map<String, ?> options) {
        NamedOptions.check("getIps", options, List.of("family", "interface", "scope", "timeout"));
        Object scope = options.get("scope");
        return self.getIps(new IpOptions((String) options.get("family"), (String) options.get("interface"),
                scope == null ? 0 : ((Number) scope).intValue(), AttachOptions.duration(options.get("timeout"))));
    }

    public static List<String> getIps(Container self, String family, String iface, int scope, Duration timeout) {
        return self.getIps(new IpOptions(family, iface, scope, timeout));
    }

    // ---- attach: the options as in AttachOptions.of

    public static ExecResult run(Container self, Map<String, ?> options, List<String> command) {
        return self.run(AttachOptions.of(options), command);
    }

    public static ExecResult run(Container self, Map<String, ?> options, String... command) {
        return self.run(AttachOptions.of(options), List.of(command));
    }

    public static int attachWait(Container self, Map<String, ?> options, List<String> command) {
        return self.attachWait(AttachOptions.of(options), command);
    }

    /** Named options come first in Groovy: {@code c.attachWait(attachRunCommand, ['id'], uid: 0)}. */
    public static int attachWait(Container self, Map<String, ?> options, Lxc.AttachFunction function, List<String> command) {
        return self.attachWait(function, AttachOptions.of(options), command);
    }

    public static int attachWait(Container self, Lxc.AttachFunction function, Map<String, ?> options, List<String> command) {
        return self.attachWait(function, AttachOptions.of(options), command);
    }

    public static AttachedProcess attach(Container self, Map<String, ?> options, List<String> command) {
        return self.attach(AttachOptions.of(options), command);
    }

    // ---- clones and the rest of lxccontainer.h

    /** {@code c.clone('copy', bdevtype: 'overlayfs', flags: LXC_CLONE_SNAPSHOT)}. */
    public static Container clone(Container self, Map<String, ?> options, String newName) {
        return self.clone(newName, CloneOptions.of(options));
    }

    public static Container clone(Container self, String newName, Map<String, ?> options) {
        return self.clone(newName, CloneOptions.of(options));
    }

    public static void console(Container self, int ttynum, int stdinFd, int stdoutFd, int stderrFd, int escape) {
        self.console(new ConsoleOptions(ttynum, stdinFd, stdoutFd, stderrFd, escape));
    }

    public static String consoleLog(Container self, boolean clear, boolean read, long readMax) {
        return self.consoleLog(new ConsoleLogOptions(clear, read, readMax));
    }

    public static void checkpoint(Container self, String directory, boolean stop, boolean verbose) {
        self.checkpoint(new CheckpointOptions(directory, stop, verbose));
    }

    public static void mount(Container self, String source, String target, String fstype, long flags, String data) {
        self.mount(new MountOptions(source, target, fstype, flags, data));
    }

    private static Duration duration(int seconds) {
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
    }

    private static List<String> strings(Object values) {
        return ((Collection<?>) values).stream().map(String::valueOf).toList();
    }
}
