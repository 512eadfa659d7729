package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/** A file others read while it is replaced (run states, metrics): written aside, then renamed over it, never half. */
@CompileStatic
final class WholeFile {
    private WholeFile() {
    }

    static void write(Path file, String text) {
        Path aside = file.resolveSibling(".${file.fileName}.tmp")
        Files.writeString(aside, text)
        try {
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("${file.parent} cannot take a file whole (no atomic rename)", e)
        }
    }
}
