package org.lxcgroovy.engine;

/**
 * A container console taken with {@link Container#consoleGetFd(int)}: {@code fd} is the pty the caller reads and
 * writes, {@code ttynum} the console it got, {@code ptxFd} liblxc's end. Closing it closes the fd.
 */
public record ConsoleFd(int fd, int ttynum, int ptxFd) implements AutoCloseable {
    @Override
    public void close() {
        Posix.closeQuietly(fd);
    }
}
