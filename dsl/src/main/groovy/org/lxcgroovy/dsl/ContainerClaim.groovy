package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.charset.StandardCharsets
import java.nio.file.AccessDeniedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.MessageDigest
import java.util.concurrent.ConcurrentHashMap
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.LxcException

/**
 * A fleet run's hold on one container while it works on it, so that two runs at once never work on the same
 * container: the second waits for it (within its timeout) or is refused, told which run holds it, and so never
 * shuts down a container the other run started. A lock on a file per container in {@link #DIR}; the kernel
 * releases it when its process ends, also by {@code kill -9}. The file names the holder for whoever waits.
 */
@CompileStatic
final class ContainerClaim implements Closeable {
    static final Path DIR = Path.of('/run/lxc-groovy/containers')
    private static final long POLL_MILLIS = 200

    /** No hold: for a caller that cannot write {@link #DIR}. */
    private static final ContainerClaim NONE = new ContainerClaim(null, null, null)
    /** The lock files this JVM holds, each through its one channel. */
    private static final Map<Path, Boolean> HELD = new ConcurrentHashMap<>()

    private final Path file
    private final FileChannel channel
    private final FileLock lock

    private ContainerClaim(Path file, FileChannel channel, FileLock lock) {
        this.file = file
        this.channel = channel
        this.lock = lock
    }

    /**
     * Takes the container for {@code holder} (what to tell another run: "run 1234 of /x.groovy, since ..."),
     * waiting while another run holds it until {@code deadlineNanos} (null: not at all); fails naming the other run.
     */
    static ContainerClaim take(Container c, String holder, Long deadlineNanos) {
        Path file = DIR.resolve(fileName(c))
        // a POSIX lock is the process's: a second channel on the file, once closed, would drop this JVM's lock
        if (HELD.putIfAbsent(file, Boolean.TRUE) != null) {
            throw busy(c, 'another fleet of this run', 'not touched by this one')
        }
        FileChannel channel
        try {
            Files.createDirectories(DIR, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString('rwx------')))
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
        } catch (AccessDeniedException ignored) {
            HELD.remove(file)
            return NONE     // not root: the engine refuses such a caller root's containers, there is nothing to hold
        } catch (Throwable e) {
            HELD.remove(file)
            throw e
        }
        long t0 = System.nanoTime()
        try {
            while (true) {
                FileLock lock = channel.tryLock()
                if (lock != null) {
                    channel.truncate(0)
                    channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0)
                    return new ContainerClaim(file, channel, lock)
                }
                if (deadlineNanos == null || System.nanoTime() >= deadlineNanos) {
                    throw busy(c, holderOf(channel), deadlineNanos == null
                            ? 'not touched (with a fleet timeout, this run would wait for it that long)'
                            : "not touched after waiting ${(System.nanoTime() - t0).intdiv(1_000_000_000L)} s for it".toString())
                }
                Thread.sleep(POLL_MILLIS)
            }
        } catch (Throwable e) {
            channel.close()
            HELD.remove(file)
            throw e
        }
    }

    /** Lets the container go: another run may take it. */
    @Override
    void close() {
        if (channel == null) {
            return
        }
        channel.truncate(0)
        lock.release()
        channel.close()
        HELD.remove(file)
    }

    /** The container's name (readable in {@code ls}) and its lxcpath's hash (another lxcpath, another container). */
    private static String fileName(Container c) {
        byte[] digest = MessageDigest.getInstance('SHA-256').digest(c.configPath.getBytes(StandardCharsets.UTF_8))
        "${c.name}@${digest.encodeHex().toString().take(12)}.lock".toString()
    }

    private static String holderOf(FileChannel channel) {
        ByteBuffer b = ByteBuffer.allocate(4096)
        channel.read(b, 0)
        String text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim()
        text ?: 'another run'
    }

    private static LxcException busy(Container c, String holder, String outcome) {
        new LxcException(LxcException.Kind.REFUSED, 'fleet', c.name, "another run is working on it (${holder}); ${outcome}".toString())
    }
}
