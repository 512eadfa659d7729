package org.lxcgroovy.engine;

import java.io.OutputStream;
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

    @Override
    public String toString() {
        return kind.name().toLowerCase();
    }
}
