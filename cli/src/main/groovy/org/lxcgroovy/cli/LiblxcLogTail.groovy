package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import org.lxcgroovy.engine.Lxc

/**
 * {@code --verbose}: copies the lines liblxc writes to its log (the engine keeps them off the terminal) to stderr
 * as they come, each prefixed {@code liblxc: }.
 */
@CompileStatic
final class LiblxcLogTail {
    private final Path file
    private final PrintStream err
    private final Thread thread
    private volatile boolean stopping
    private long offset
    private byte[] partial = new byte[0]

    private LiblxcLogTail(Path file, PrintStream err) {
        this.file = file
        this.err = err
        this.offset = file.toFile().length()
        this.thread = Thread.startDaemon('liblxc-log-tail') { follow() }
    }

    /** Follows liblxc's log from its current end; null when there is no log (liblxc not loadable). */
    static LiblxcLogTail start(PrintStream err) {
        Path file
        try {
            file = Lxc.liblxcLog()
        } catch (Throwable ignored) {
            return null   // no liblxc: the script's own error will say so
        }
        file == null ? null : new LiblxcLogTail(file, err)
    }

    /** Shows what is left and stops following. */
    void stop() {
        stopping = true
        thread.join(2000)
        copyNew()
    }

    private void follow() {
        while (!stopping) {
            copyNew()
            sleep(100)
        }
    }

    private synchronized void copyNew() {
        new RandomAccessFile(file.toFile(), 'r').withCloseable { RandomAccessFile f ->
            long length = f.length()
            if (length <= offset) {
                return
            }
            byte[] chunk = new byte[(int) Math.min(length - offset, 1 << 20)]
            f.seek(offset)
            f.readFully(chunk)
            offset += chunk.length
            byte[] all = new byte[partial.length + chunk.length]
            System.arraycopy(partial, 0, all, 0, partial.length)
            System.arraycopy(chunk, 0, all, partial.length, chunk.length)
            int end = all.length
            while (end > 0 && all[end - 1] != (byte) 10) {
                end--
            }
            partial = Arrays.copyOfRange(all, end, all.length)
            new String(all, 0, end, StandardCharsets.UTF_8).readLines().each { String line -> err.println("liblxc: ${line}") }
            err.flush()
        }
    }
}
