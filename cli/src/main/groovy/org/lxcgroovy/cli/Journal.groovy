package org.lxcgroovy.cli

import com.sun.jna.Library
import com.sun.jna.Native
import groovy.transform.CompileStatic
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * The systemd journal, when the command's stdout is its stream (a service's, which systemd says in
 * {@code JOURNAL_STREAM}: stdout's device and inode). Lines then go to journald's native socket as entries of
 * their own: a syslog priority (failures as errors), {@code SYSLOG_IDENTIFIER=lxc-groovy}, the script in
 * {@code LXC_GROOVY_SCRIPT} and the container, where a line is about one, in {@code LXC_GROOVY_CONTAINER}; so
 * {@code journalctl -t lxc-groovy -p err} lists what failed. An entry journald does not take goes to the stream as
 * a plain line.
 */
@CompileStatic
final class Journal implements Closeable {
    static final int ERR = 3
    static final int WARNING = 4
    static final int INFO = 6
    static final int DEBUG = 7
    static final String SOCKET = '/run/systemd/journal/socket'
    static final String IDENTIFIER = 'lxc-groovy'
    /** journald takes datagrams up to its socket's buffer; a longer line is cut here rather than lost. */
    static final int MAX_MESSAGE = 48 * 1024

    private static final int AF_UNIX = 1
    private static final int SOCK_DGRAM = 2
    private static final int SOCK_CLOEXEC = 0x80000

    /** The few libc calls a datagram to a Unix socket needs (Java's channels have no SOCK_DGRAM for AF_UNIX). */
    private static interface Sockets extends Library {
        int socket(int domain, int type, int protocol)

        long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)

        int close(int fd)
    }

    private static Sockets libc

    private final int fd
    private final byte[] address
    private final String script
    private final PrintStream stream

    private Journal(int fd, byte[] address, String script, PrintStream stream) {
        this.fd = fd
        this.address = address
        this.script = script
        this.stream = stream
    }

    /**
     * The journal for the lines of {@code script}, if {@code JOURNAL_STREAM} (in {@code env}) names stdout and
     * journald's socket is there; else null. {@code stream} (stdout) takes what journald refuses.
     */
    static Journal forStdout(String script, PrintStream stream, Map<String, String> env = System.getenv(),
                             String socket = SOCKET) {
        String named = env.JOURNAL_STREAM
        if (!named || !Files.exists(Path.of(socket)) || named != deviceAndInode(Path.of('/proc/self/fd/1'))) {
            return null
        }
        synchronized (Journal) {
            libc = libc ?: Native.load('c', Sockets)
        }
        int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)
        fd < 0 ? null : new Journal(fd, socketAddress(socket), script, stream)
    }

    /** "device:inode" of what {@code path} leads to, as systemd writes them in JOURNAL_STREAM; null if unknown. */
    static String deviceAndInode(Path path) {
        try {
            "${Files.getAttribute(path, 'unix:dev')}:${Files.getAttribute(path, 'unix:ino')}".toString()
        } catch (IOException | UnsupportedOperationException ignored) {
            null
        }
    }

    /** One entry: {@code message} at {@code priority}, about {@code container} when not null. */
    synchronized void send(int priority, String message, String container = null) {
        byte[] entry = entry(priority, message, container)
        if (libc.sendto(fd, entry, entry.length, 0, address, address.length) < 0) {
            stream.println(message)
        }
    }

    /** A stream whose every line is an entry at {@code priority} (what the script prints, the command's messages). */
    PrintStream lines(int priority) {
        new PrintStream(new LineSplitter({ String line -> send(priority, line) }), true, StandardCharsets.UTF_8)
    }

    @Override
    synchronized void close() {
        libc.close(fd)
    }

    /** journald's native format: KEY=value lines, MESSAGE in the binary-safe form (its length, then its bytes). */
    byte[] entry(int priority, String message, String container) {
        def out = new ByteArrayOutputStream()
        Map<String, String> fields = [PRIORITY: String.valueOf(priority), SYSLOG_IDENTIFIER: IDENTIFIER,
                                      LXC_GROOVY_SCRIPT: script] as Map<String, String>
        if (container != null) {
            fields.LXC_GROOVY_CONTAINER = container
        }
        fields.each { String k, String v -> out.write("${k}=${v.replace('\n', ' ')}\n".toString().getBytes(StandardCharsets.UTF_8)) }
        byte[] text = message.getBytes(StandardCharsets.UTF_8)
        int length = Math.min(text.length, MAX_MESSAGE)
        out.write('MESSAGE\n'.getBytes(StandardCharsets.US_ASCII))
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array())
        out.write(text, 0, length)
        out.write(10)   // the line feed that ends the field
        out.toByteArray()
    }

    /** struct sockaddr_un: the family, then the path and its NUL. */
    private static byte[] socketAddress(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8)
        ByteBuffer.allocate(2 + p.length + 1).order(ByteOrder.nativeOrder()).putShort((short) AF_UNIX).put(p).put((byte) 0).array()
    }

    /** Bytes to lines (UTF-8, without their line feed), each handed on when it ends. */
    @CompileStatic
    private static final class LineSplitter extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream()
        private final Closure<?> handOn

        LineSplitter(Closure<?> handOn) {
            this.handOn = handOn
        }

        @Override
        synchronized void write(int b) {
            if (b == 10) {   // a line feed
                handOn.call(line.toString(StandardCharsets.UTF_8))
                line.reset()
            } else {
                line.write(b)
            }
        }
    }
}
