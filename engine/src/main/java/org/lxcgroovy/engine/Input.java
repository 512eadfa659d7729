package org.lxcgroovy.engine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/** What an attached command reads on stdin: nothing (/dev/null, the default), the JVM's stdin, bytes, a stream or a host file. */
public final class Input {
    enum Kind { NONE, INHERIT, STREAM, FILE }

    final Kind kind;
    final InputStream stream;
    final Path file;

    private Input(Kind kind, InputStream stream, Path file) {
        this.kind = kind;
        this.stream = stream;
        this.file = file;
    }

    private static final Input NONE = new Input(Kind.NONE, null, null);
    private static final Input INHERIT = new Input(Kind.INHERIT, null, null);

    public static Input none() {
        return NONE;
    }

    public static Input inherit() {
        return INHERIT;
    }

    public static Input text(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Input bytes(byte[] bytes) {
        return from(new ByteArrayInputStream(bytes.clone()));
    }

    public static Input from(InputStream in) {
        return new Input(Kind.STREAM, Objects.requireNonNull(in), null);
    }

    public static Input file(Path file) {
        return new Input(Kind.FILE, null, Objects.requireNonNull(file));
    }
}
