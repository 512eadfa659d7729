package org.lxcgroovy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One snapshot of a container, as liblxc lists it. */
public record Snapshot(String name, String commentPath, String timestamp, String path) {

    /** The text of the snapshot's comment file, or null when it has none. */
    public String comment() {
        if (commentPath == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(commentPath));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the comment of snapshot " + name + ": " + commentPath, e);
        }
    }
}
