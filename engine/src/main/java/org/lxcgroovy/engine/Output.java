package org.lxcgroovy.engine;

import java.io.File;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where an attached command's stdout or stderr goes: captured into the {@link ExecResult} (the default of
 * {@code run}), the JVM's own stream ({@code attachWait}'s default), discarded, a stream, a file, or a handler
 * called once per line.
 */
public final class Output {
    enum Kind { CAPTURE, INHERIT, DISCARD, STREAM, FILE, LINES }

    final Kind kind;
    final OutputStream stream;
    final Path file;
    final Consumer<String> lines;

    private Output(Kind kind, OutputStream stream, Path file, Consumer<String> lines) {
        this.kind = kind;
        this.stream = stream;
        this.file = file;
        this.lines = lines;
    }

    private static final Output CAPTURE = new Output(Kind.CAPTURE, null, null, null);
    private static final Output INHERIT = new Output(Kind.INHERIT, null, null, null);
    private static final Output DISCARD = new Output(Kind.DISCARD, null, null, null);

    public static Output capture() {
        return CAPTURE;
    }

    public static Output inherit() {
        return INHERIT;
    }

    public static Output discard() {
        return DISCARD;
    }

    public static Output to(OutputStream stream) {
        return new Output(Kind.STREAM, Objects.requireNonNull(stream), null, null);
    }

    /** Truncates or creates the file (on the host). */
    public static Output toFile(Path file) {
        return new Output(Kind.FILE, null, Objects.requireNonNull(file), null);
    }

    public static Output lines(Consumer<String> handler) {
        return new Output(Kind.LINES, null, null, Objects.requireNonNull(handler));
    }

    /**
     * From an option value: an Output, "capture"/"inherit"/"discard", an OutputStream, a File or Path, a
     * Consumer, or any object with a one-argument {@code call} method (a Groovy closure) as a line handler.
     */
    public static Output of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Output o) {
            return o;
        }
        if (value instanceof CharSequence s) {
            switch (s.toString()) {
                case "capture": return CAPTURE;
                case "inherit": return INHERIT;
                case "discard": return DISCARD;
                default: throw new IllegalArgumentException(
                        "output must be 'capture', 'inherit' or 'discard' (or a stream, file or line handler), not '" + s + "'");
            }
        }
        if (value instanceof OutputStream os) {
            return to(os);
        }
        if (value instanceof File f) {
            return toFile(f.toPath());
        }
        if (value instanceof Path p) {
            return toFile(p);
        }
        if (value instanceof Consumer<?> c) {
            @SuppressWarnings("unchecked") Consumer<String> handler = (Consumer<String>) c;
            return lines(handler);
        }
        Method call = callMethod(value);
        if (call != null) {
            return lines(line -> invoke(call, value, line));
        }
        throw new IllegalArgumentException("cannot send output to a " + value.getClass().getName());
    }

    static Method callMethod(Object value) {
        try {
            return value.getClass().getMethod("call", Object.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static Object invoke(Method m, Object target, Object arg) {
        try {
            return m.invoke(target, arg);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase();
    }
}
