package org.lxcgroovy.engine;

import java.time.Duration;

/**
 * What a command run in a container did. {@code exitCode} is -1 when a signal ended it, {@code signal} is 0 when
 * it exited. {@code stdout}/{@code stderr} hold the captured text ("" when the stream went elsewhere).
 * {@code timedOut} is true when the engine killed it at its timeout. In Groovy an ExecResult is true when the
 * command succeeded.
 */
public record ExecResult(int exitCode, int signal, String stdout, String stderr, Duration duration,
                         boolean timedOut) {

    /** Exit 0, not killed. */
    public boolean isSuccess() {
        return exitCode == 0 && signal == 0 && !timedOut;
    }

    /** Groovy truth. */
    public boolean asBoolean() {
        return isSuccess();
    }

    /** The shell's convention: the exit code, or 128 + the signal. */
    public int status() {
        return signal != 0 ? 128 + signal : exitCode;
    }

    /** How it ended, for a sentence: "exited with 100", "was killed by signal 9", "timed out". */
    public String ended() {
        return timedOut ? "timed out" : signal != 0 ? "was killed by signal " + signal : "exited with " + exitCode;
    }

    /** How a command ended, in a word or two for a table or a log line: "exit 0", "signal 9", "timed out". */
    public static String briefly(int exitCode, int signal, boolean timedOut) {
        return timedOut ? "timed out" : signal != 0 ? "signal " + signal : "exit " + exitCode;
    }

    @Override
    public String toString() {
        return briefly(exitCode, signal, timedOut) + " after " + duration.toMillis() + " ms";
    }
}
