package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerFiles

/**
 * One path inside a running container, as Groovy's File reads: {@code text}, {@code bytes}, {@code <<},
 * {@code exists()}, {@code delete()}. Reached from the host; no symlink leads out of the container. In check mode
 * reads are done and writes are not: each is told to the check ("write /etc/motd").
 */
@CompileStatic
class ContainerFile {
    final String path
    private final ContainerFiles files
    /** Check mode: told of each write not done; null when writes are done. */
    private final Closure<?> notDone

    ContainerFile(Container container, String path) {
        this(container.files, path, null)
    }

    /**
     * {@code files} decides the owner of what is written and created (see {@link ContainerFiles#ownedBy});
     * {@code notDone}, when given, is check mode: it is told of each write instead.
     */
    ContainerFile(ContainerFiles files, String path, Closure<?> notDone) {
        this.files = files
        this.path = path
        this.notDone = notDone
    }

    /** Check mode: tells it that {@code what} is not done to this path, and says so. */
    private boolean skips(String what) {
        if (notDone != null) {
            notDone.call("${what} ${path}".toString())
        }
        notDone != null
    }

    String getText() {
        files.readText(path)
    }

    /** Replaces the file atomically (a symlink is written through, inside the container). */
    void setText(String text) {
        if (!skips('write')) {
            files.writeText(path, text)
        }
    }

    byte[] getBytes() {
        files.readBytes(path)
    }

    void setBytes(byte[] bytes) {
        if (!skips('write')) {
            files.write(path, bytes)
        }
    }

    ContainerFile append(Object text) {
        if (!skips('append to')) {
            text instanceof byte[] ? files.append(path, (byte[]) text) : files.appendText(path, String.valueOf(text))
        }
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

    /** True when it was there to delete (in check mode: is there, and would be deleted). */
    boolean delete() {
        skips('delete') ? files.exists(path) : files.delete(path)
    }

    List<String> list() {
        files.list(path)
    }

    ContainerFile mkdirs() {
        if (!skips('create directory')) {
            files.mkdirs(path)
        }
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
