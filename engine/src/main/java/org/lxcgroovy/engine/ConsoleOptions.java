package org.lxcgroovy.engine;

/**
 * Which console {@link Container#console(ConsoleOptions)} connects to which descriptors: {@code ttynum} -1 takes
 * the first free one; the session ends with Ctrl-{@code escape} q ({@code escape} 1 = Ctrl-a). {@link #DEFAULT}
 * is python's {@code console()}: this process's terminal, Ctrl-a q.
 */
public record ConsoleOptions(int ttynum, int stdinFd, int stdoutFd, int stderrFd, int escape) {
    public static final ConsoleOptions DEFAULT = new ConsoleOptions(-1, 0, 1, 2, 1);

    public ConsoleOptions withTtynum(int n) {
        return new ConsoleOptions(n, stdinFd, stdoutFd, stderrFd, escape);
    }

    public ConsoleOptions withFds(int in, int out, int err) {
        return new ConsoleOptions(ttynum, in, out, err, escape);
    }

    public ConsoleOptions withEscape(int e) {
        return new ConsoleOptions(ttynum, stdinFd, stdoutFd, stderrFd, e);
    }
}
