package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.Pointer
import java.nio.charset.StandardCharsets
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import spock.lang.Shared
import spock.lang.Specification

/** The interactive console, driven through a pseudo-terminal as a user's terminal would drive it. */
@LiblxcHost
class ConsoleSpec extends Specification {
    interface Pty extends Library {
        int openpty(int[] master, int[] slave, Pointer name, Pointer termios, Pointer winsize)
    }

    @Shared Container c

    def setupSpec() {
        c = LxcHost.running('console')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    /** Reads the terminal's master side until {@code wanted} shows up or 10 s pass; returns what was read. */
    static String readUntil(int master, String wanted) {
        def seen = new StringBuilder()
        long deadline = System.nanoTime() + 10_000_000_000L
        byte[] buf = new byte[4096]
        while (!seen.contains(wanted) && System.nanoTime() < deadline) {
            if (Posix.pollIn(master, 100)) {
                long n = Posix.read(master, buf)
                if (n > 0) {
                    seen.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8))
                }
            }
        }
        seen.toString()
    }

    def "a console session shows tty1's getty, leaves the container usable meanwhile, and ends on Ctrl-a q"() {
        given: 'a terminal: the session gets its slave side, the test types and reads on the master side'
        int[] master = new int[1]
        int[] slave = new int[1]
        assert Native.load('c', Pty).openpty(master, slave, null, null, null) == 0

        when:
        def session = CompletableFuture.runAsync { c.console(1, slave[0], slave[0], slave[0], 1) }
        Thread.sleep(300)
        def stateDuringSession = CompletableFuture.supplyAsync { c.state }.get(5, TimeUnit.SECONDS)
        byte[] enter = '\r'.bytes
        Posix.writeFully(master[0], enter, enter.length)
        String screen = readUntil(master[0], 'login:')
        byte[] quit = [1, 'q' as char] as byte[]
        Posix.writeFully(master[0], quit, quit.length)
        session.get(5, TimeUnit.SECONDS)

        then:
        stateDuringSession == ContainerState.RUNNING
        screen.contains('login:')
        session.done
        !session.completedExceptionally

        cleanup:
        Posix.closeQuietly(master[0])
        Posix.closeQuietly(slave[0])
    }

    def "a console that does not exist is an error with liblxc's reason, not a hang"() {
        given:
        int[] master = new int[1]
        int[] slave = new int[1]
        assert Native.load('c', Pty).openpty(master, slave, null, null, null) == 0

        when:
        CompletableFuture.runAsync { c.console(42, slave[0], slave[0], slave[0], 1) }.get(10, TimeUnit.SECONDS)

        then:
        def e = thrown(java.util.concurrent.ExecutionException)
        e.cause instanceof LxcException
        e.cause.operation == 'console'
        e.cause.container == c.name
        !e.cause.reason.empty

        cleanup:
        Posix.closeQuietly(master[0])
        Posix.closeQuietly(slave[0])
    }
}
