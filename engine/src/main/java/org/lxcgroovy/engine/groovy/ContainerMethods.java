package org.lxcgroovy.engine.groovy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lxcgroovy.engine.AttachedProcess;
import org.lxcgroovy.engine.CheckpointOptions;
import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.ContainerBound;
import org.lxcgroovy.engine.ContainerState;
import org.lxcgroovy.engine.ConsoleLogOptions;
import org.lxcgroovy.engine.ConsoleOptions;
import org.lxcgroovy.engine.CreateOptions;
import org.lxcgroovy.engine.ExecResult;
import org.lxcgroovy.engine.IpOptions;
import org.lxcgroovy.engine.Lxc;
import org.lxcgroovy.engine.MountOptions;

/**
 * The Groovy spellings of {@link Container}'s API, as a Groovy extension module (META-INF/groovy) on
 * {@link ContainerBound}, so the container and every view of it share them: named options as maps
 * ({@code c.run(timeout: 5, ['uname'])}), timeouts in seconds ({@code c.shutdown(30)}), values of any type
 * ({@code c.setConfigItem('lxc.cap.drop', ['sys_module'])}), python3-lxc's positional forms. Plain Java, so the
 * engine needs no Groovy; Java callers use the typed methods on {@code Container}. Maps become records in
 * {@link OptionMaps} only.
 */
public final class ContainerMethods {
    private ContainerMethods() {
    }

    // ---- lifecycle

    /** {@code c.create('download', dist: 'debian', release: 'bookworm')}: {@code true} alone as {@code --key}, a list repeats it. */
    public static void create(ContainerBound self, Map<String, ?> args, String template) {
        self.getContainer().create(CreateOptions.DEFAULT.withTemplate(template).withTemplateArgs(templateArgs(args)));
    }

    /** python's positional form: {@code c.create('debian', [release: 'bookworm'])}. */
    public static void create(ContainerBound self, String template, Map<String, ?> args) {
        create(self, args, template);
    }

    public static void create(ContainerBound self, String template, int flags, Map<String, ?> args) {
        self.getContainer().create(CreateOptions.DEFAULT.withTemplate(template).withFlags(flags).withTemplateArgs(templateArgs(args)));
    }

    public static void create(ContainerBound self, String template, int flags, Map<String, ?> args, String bdevtype,
                              Map<String, ?> bdevSpecs) {
        self.getContainer().create(new CreateOptions(template, flags, templateArgs(args), bdevtype, stringValues(bdevSpecs)));
    }

    /**
     * python's {@code start(useinit=..., daemonize=..., cmd=...)}:
     * {@code c.start(useinit: true, command: ['sleep', '60'])}; {@code daemonize: false} returns when it stops.
     */
    public static void start(ContainerBound self, Map<String, ?> options) {
        NamedOptions.check("start", options, List.of("useinit", "daemonize", "command"));
        Object command = options.get("command");
        self.getContainer().start(Boolean.TRUE.equals(options.get("useinit")), !Boolean.FALSE.equals(options.get("daemonize")),
                command == null ? List.of() : OptionMaps.strings(command));
    }

    /** {@code c.shutdown(30)}: seconds, -1 for as long as it takes. */
    public static boolean shutdown(ContainerBound self, int timeoutSeconds) {
        return self.getContainer().shutdown(OptionMaps.seconds(timeoutSeconds));
    }

    public static boolean reboot2(ContainerBound self, int timeoutSeconds) {
        return self.getContainer().reboot2(OptionMaps.seconds(timeoutSeconds));
    }

    /** python's {@code wait('RUNNING', 30)}: the state by name or value, seconds (-1: forever). */
    public static boolean waitFor(ContainerBound self, Object state, int timeoutSeconds) {
        return self.getContainer().waitFor(ContainerState.of(String.valueOf(state)), OptionMaps.seconds(timeoutSeconds));
    }

    // ---- configuration

    /** A value of any type; a collection sets every value of a multi-valued key. */
    public static void setConfigItem(ContainerBound self, String key, Object value) {
        if (value instanceof Collection<?> many) {
            self.getContainer().setConfigItem(key, OptionMaps.strings(many));
        } else {
            self.getContainer().setConfigItem(key, String.valueOf(value));
        }
    }

    public static void appendConfigItem(ContainerBound self, String key, Object value) {
        self.getContainer().appendConfigItem(key, String.valueOf(value));
    }

    public static void setCgroupItem(ContainerBound self, String key, Object value) {
        self.getContainer().setCgroupItem(key, String.valueOf(value));
    }

    // ---- network

    /** python's {@code get_ips(family, interface, scope, timeout)} as named options; timeout in seconds. */
    public static List<String> getIps(ContainerBound self, Map<String, ?> options) {
        NamedOptions.check("getIps", options, List.of("family", "interface", "scope", "timeout"));
        Object scope = options.get("scope");
        Object family = options.get("family");
        Object iface = options.get("interface");
        return self.getContainer().getIps(new IpOptions(family == null ? null : family.toString(),
                iface == null ? null : iface.toString(), scope == null ? 0 : ((Number) scope).intValue(),
                OptionMaps.duration(options.get("timeout"))));
    }

    public static List<String> getIps(ContainerBound self, String family, String iface, int scope, Duration timeout) {
        return self.getContainer().getIps(new IpOptions(family, iface, scope, timeout));
    }

    // ---- attach: the options as in OptionMaps.attach; a command's words may be any CharSequence

    public static ExecResult run(ContainerBound self, Map<String, ?> options, List<?> command) {
        return self.getContainer().run(OptionMaps.attach(options), OptionMaps.strings(command));
    }

    public static ExecResult run(ContainerBound self, Map<String, ?> options, CharSequence... command) {
        return run(self, options, List.of(command));
    }

    public static int attachWait(ContainerBound self, Map<String, ?> options, List<?> command) {
        return self.getContainer().attachWait(OptionMaps.attach(options), OptionMaps.strings(command));
    }

    /** Named options come first in Groovy: {@code c.attachWait(attachRunCommand, ['id'], uid: 0)}. */
    public static int attachWait(ContainerBound self, Map<String, ?> options, Lxc.AttachFunction function, List<?> command) {
        return self.getContainer().attachWait(function, OptionMaps.attach(options), OptionMaps.strings(command));
    }

    public static int attachWait(ContainerBound self, Lxc.AttachFunction function, Map<String, ?> options, List<?> command) {
        return attachWait(self, options, function, command);
    }

    public static AttachedProcess attach(ContainerBound self, Map<String, ?> options, List<?> command) {
        return self.getContainer().attach(OptionMaps.attach(options), OptionMaps.strings(command));
    }

    // ---- clones and the rest of lxccontainer.h

    /** {@code c.clone('copy', bdevtype: 'overlayfs', flags: LXC_CLONE_SNAPSHOT)}. */
    public static Container clone(ContainerBound self, Map<String, ?> options, String newName) {
        return self.getContainer().clone(newName, OptionMaps.clone(options));
    }

    public static Container clone(ContainerBound self, String newName, Map<String, ?> options) {
        return self.getContainer().clone(newName, OptionMaps.clone(options));
    }

    public static void console(ContainerBound self, int ttynum, int stdinFd, int stdoutFd, int stderrFd, int escape) {
        self.getContainer().console(new ConsoleOptions(ttynum, stdinFd, stdoutFd, stderrFd, escape));
    }

    public static String consoleLog(ContainerBound self, boolean clear, boolean read, long readMax) {
        return self.getContainer().consoleLog(new ConsoleLogOptions(clear, read, readMax));
    }

    public static void checkpoint(ContainerBound self, String directory, boolean stop, boolean verbose) {
        self.getContainer().checkpoint(new CheckpointOptions(directory, stop, verbose));
    }

    public static void mount(ContainerBound self, String source, String target, String fstype, long flags, String data) {
        self.getContainer().mount(new MountOptions(source, target, fstype, flags, data));
    }

    /**
     * A template's arguments as python's {@code create(args)}: {@code --key value}; {@code true} alone as
     * {@code --key}; a collection repeats the key; false and null are left out.
     */
    static List<String> templateArgs(Map<String, ?> args) {
        List<String> out = new ArrayList<>();
        if (args != null) {
            args.forEach((key, v) -> {
                if (Boolean.TRUE.equals(v)) {
                    out.add("--" + key);
                } else if (v instanceof Collection<?> many) {
                    many.forEach(one -> out.addAll(List.of("--" + key, String.valueOf(one))));
                } else if (v != null && !Boolean.FALSE.equals(v)) {
                    out.addAll(List.of("--" + key, String.valueOf(v)));
                }
            });
        }
        return out;
    }

    private static Map<String, String> stringValues(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }
}
