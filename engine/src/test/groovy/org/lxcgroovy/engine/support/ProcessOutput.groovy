package org.lxcgroovy.engine.support

import java.util.concurrent.TimeUnit

/**
 * What a started process printed, read to the end, and its exit status; the wait is bounded. Not Groovy's
 * {@code consumeProcessOutput} followed by {@code waitForProcessOutput()}: the second starts two more readers that
 * race the first for what the process wrote last, and throw it away (PackageSpec read "" for a `readlink` so).
 */
final class ProcessOutput {
    /** How long the readers may take to see the end of output after the process ended (a child of it may hold it). */
    static final long DRAIN_MILLIS = 10_000

    final int exitCode
    final String stdout
    final String stderr

    private ProcessOutput(int exitCode, String stdout, String stderr) {
        this.exitCode = exitCode
        this.stdout = stdout
        this.stderr = stderr
    }

    /** Reads {@code process} until it ends, at most {@code seconds}; fails naming {@code what} if it does not end. */
    static ProcessOutput of(Process process, long seconds, String what) {
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        Thread outReader = process.consumeProcessOutputStream(out)
        Thread errReader = process.consumeProcessErrorStream(err)
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly()
            throw new AssertionError("${what} did not finish within ${seconds} s; it printed: ${out}${err}".toString())
        }
        outReader.join(DRAIN_MILLIS)
        errReader.join(DRAIN_MILLIS)
        new ProcessOutput(process.exitValue(), out.toString('UTF-8'), err.toString('UTF-8'))
    }
}
