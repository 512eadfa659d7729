package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerFiles

/**
 * One path inside a running container, as Groovy's File reads: {@code text}, {@code bytes}, {@code <<},
 * {@code exists()}, {@code delete()}. Reached from the host; no symlink leads out of the container.
 */
@CompileStatic
class ContainerFile {
    final String path
    private final ContainerFiles files

    ContainerFile(Container container, String path) {
        this(container.files, path)
    }

    /** {@code files} decides the owner of what is written and created (see {@link ContainerFiles#ownedBy}). */
    ContainerFile(ContainerFiles files, String path) {
        this.files = files
        this.path = path
    }

    String getText() {
        files.readText(path)
    }

    /** Replaces the file atomically (a symlink is written through, inside the container). */
    void setText(String text) {
        files.writeText(path, text)
    }

    byte[] getBytes() {
        files.readBytes(path)
    }

    void setBytes(byte[] bytes) {
        files.write(path, bytes)
    }

    ContainerFile append(Object text) {
        text instanceof byte[] ? files.append(path, (byte[]) text) : files.appendText(path, String.valueOf(text))
        this
    }

    ContainerFile leftShift(Object text) {
        append(text)
    }

    boolean exists() {
        files.exists(path)
    }

    boolean isDirectory() {
        files.isDirectory(path)
    }

    boolean delete() {
        files.delete(path)
    }

    List<String> list() {
        files.list(path)
    }

    ContainerFile mkdirs() {
        files.mkdirs(path)
        this
    }

    List<String> readLines() {
        text.readLines()
    }

    @Override
    String toString() {
        path
    }
}
