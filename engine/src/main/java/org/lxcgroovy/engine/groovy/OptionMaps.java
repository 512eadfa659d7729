package org.lxcgroovy.engine.groovy;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.lxcgroovy.engine.AttachOptions;
import org.lxcgroovy.engine.CloneOptions;
import org.lxcgroovy.engine.Input;
import org.lxcgroovy.engine.Lxc;
import org.lxcgroovy.engine.Output;

/**
 * The one place where named options, as Groovy passes them ({@code c.run(timeout: 5, cwd: '/tmp', [...])}),
 * become the engine's typed records. Values are taken as scripts give them: seconds as any number, a command's
 * words as any {@link CharSequence}, a line handler as a closure. An unknown name is an error, never ignored.
 */
public final class OptionMaps {
    private OptionMaps() {
    }

    private static final Set<String> ATTACH_KEYS = Set.of("env", "keepEnv", "clearEnv", "uid", "gid", "groups", "cwd",
            "namespaces", "flags", "personality", "elevatedPrivileges", "lsmLabel", "timeout", "stdin", "stdout",
            "stderr");

    private static final Set<String> CLONE_KEYS = Set.of("configPath", "flags", "bdevtype", "bdevdata", "newsize", "hookArgs");

    /** Attach options from a map; see {@link AttachOptions} for each name. */
    public static AttachOptions attach(Map<String, ?> options) {
        return attach(AttachOptions.DEFAULT, options);
    }

    /** {@code base} with what {@code options} name replaced. */
    public static AttachOptions attach(AttachOptions base, Map<String, ?> options) {
        if (options == null || options.isEmpty()) {
            return base;
        }
        NamedOptions.check("attach", options, ATTACH_KEYS);
        AttachOptions.Builder b = base.toBuilder();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "env" -> {
                    Map<String, String> env = new LinkedHashMap<>();
                    ((Map<?, ?>) v).forEach((k, val) -> env.put(String.valueOf(k), String.valueOf(val)));
                    b.env(env);
                }
                case "keepEnv" -> b.keepEnv(v instanceof CharSequence one ? List.of(one.toString()) : strings(v));
                case "clearEnv" -> b.clearEnv((Boolean) v);
                case "uid" -> b.uid(v == null ? null : ((Number) v).intValue());
                case "gid" -> b.gid(v == null ? null : ((Number) v).intValue());
                case "groups" -> b.groups(v == null ? null : ((Collection<?>) v).stream().map(g -> ((Number) g).intValue()).toList());
                case "cwd" -> b.cwd(v == null ? null : v.toString());
                case "namespaces" -> b.namespaces(((Number) v).intValue());
                case "flags" -> b.flags(((Number) v).intValue());
                case "personality" -> b.personality(v instanceof CharSequence arch ? Lxc.archToPersonality(arch.toString())
                        : ((Number) v).longValue());
                case "elevatedPrivileges" -> b.elevatedPrivileges((Boolean) v);
                case "lsmLabel" -> b.lsmLabel(v == null ? null : v.toString());
                case "timeout" -> b.timeout(duration(v));
                case "stdin" -> b.stdin(input(v));
                case "stdout" -> b.stdout(output(v));
                case "stderr" -> b.stderr(output(v));
                default -> throw new AssertionError(e.getKey());
            }
        }
        return b.build();
    }

    /** Clone options from a map; see {@link CloneOptions} for each name. */
    public static CloneOptions clone(Map<String, ?> m) {
        if (m == null) {
            return CloneOptions.DEFAULT;
        }
        NamedOptions.check("clone", m, CLONE_KEYS);
        Object hooks = m.get("hookArgs");
        return new CloneOptions(text(m.get("configPath")), m.get("flags") == null ? 0 : ((Number) m.get("flags")).intValue(),
                text(m.get("bdevtype")), text(m.get("bdevdata")),
                m.get("newsize") == null ? 0 : ((Number) m.get("newsize")).longValue(), hooks == null ? List.of() : strings(hooks));
    }

    /** A timeout as scripts give it: seconds (any number) or a {@link Duration}; null stays null. */
    public static Duration duration(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Duration d) {
            return d;
        }
        if (v instanceof Number n) {
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        throw new IllegalArgumentException("timeout must be seconds or a Duration, not " + v);
    }

    /** Whole seconds as python3-lxc takes them: -1 (any negative) for "as long as it takes". */
    static Duration seconds(int seconds) {
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
    }

    /** A command's words, or any values, as strings: Groovy's GStrings and numbers included. */
    public static List<String> strings(Object values) {
        List<String> out = new ArrayList<>();
        for (Object o : (Iterable<?>) values) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** stdin as an option value: an Input, a String (the text itself), byte[], InputStream, File or Path. */
    public static Input input(Object value) {
        if (value == null || value instanceof Input) {
            return (Input) value;
        }
        if (value instanceof byte[] b) {
            return Input.bytes(b);
        }
        if (value instanceof InputStream in) {
            return Input.from(in);
        }
        if (value instanceof File f) {
            return Input.file(f.toPath());
        }
        if (value instanceof Path p) {
            return Input.file(p);
        }
        if (value instanceof CharSequence s) {
            return Input.text(s.toString());
        }
        throw new IllegalArgumentException("cannot read stdin from a " + value.getClass().getName());
    }

    /**
     * stdout or stderr as an option value: an Output, 'capture', 'inherit' or 'discard', an OutputStream, a File or
     * Path, or a line handler (a Consumer, or a closure: anything with a one-argument {@code call}).
     */
    public static Output output(Object value) {
        if (value == null || value instanceof Output) {
            return (Output) value;
        }
        if (value instanceof CharSequence s) {
            return switch (s.toString()) {
                case "capture" -> Output.capture();
                case "inherit" -> Output.inherit();
                case "discard" -> Output.discard();
                default -> throw new IllegalArgumentException(
                        "output must be 'capture', 'inherit' or 'discard' (or a stream, file or line handler), not '" + s + "'");
            };
        }
        if (value instanceof OutputStream os) {
            return Output.to(os);
        }
        if (value instanceof File f) {
            return Output.toFile(f.toPath());
        }
        if (value instanceof Path p) {
            return Output.toFile(p);
        }
        if (value instanceof Consumer<?> c) {
            @SuppressWarnings("unchecked") Consumer<String> handler = (Consumer<String>) c;
            return Output.lines(handler);
        }
        Method call = callMethod(value);
        if (call != null) {
            return Output.lines(line -> invoke(call, value, line));
        }
        throw new IllegalArgumentException("cannot send output to a " + value.getClass().getName());
    }

    private static Method callMethod(Object value) {
        try {
            return value.getClass().getMethod("call", Object.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invoke(Method m, Object target, Object arg) {
        try {
            return m.invoke(target, arg);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
