package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.HostileFdProbe
import org.lxcgroovy.engine.support.LiblxcHost
import java.lang.reflect.Modifier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.lxcgroovy.engine.internal.jna.AttachOptionsStruct
import spock.lang.Specification
import spock.lang.Shared
import org.lxcgroovy.engine.support.ProcessOutput

/** Attached processes get a clean environment and only fds 0-2; no zero-filled options struct reaches liblxc. */
@LiblxcHost
class SecuritySpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = LxcHost.running('security')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "with default options the process sees no host environment variable"() {
        when:
        def names = c.run('env').stdout.readLines()*.takeWhile { it != '=' }

        then:
        names.sort() == ['PATH', 'container']
        !System.getenv().keySet().findAll { it != 'PATH' }.any { it in names }
    }

    def "with default options the process sees fds 0, 1 and 2 only, though the JVM holds host files open"() {
        given: 'host files and a directory open in the JVM, as a script would have them'
        def file = new RandomAccessFile('/etc/hostname', 'r')
        def channel = java.nio.channels.FileChannel.open(java.nio.file.Path.of('/etc/passwd'))
        assert LxcHost.openFds() > 10

        expect: '"; true" keeps sh from exec-ing ls in its place, so ls lists the shell\'s fds, not its own'
        fdsSeenInside() == ['0', '1', '2']
        hostViewOfFds() == ['0', '1', '2']

        cleanup:
        file.close()
        channel.close()
    }

    private List<String> fdsSeenInside() {
        HostileFdProbe.fdsSeenInside(c)
    }

    /** The fds of an attached process as the host sees them, once it is the command (liblxc's attach code has run). */
    private List<String> hostViewOfFds() {
        def p = c.attach(stdout: 'capture', stderr: 'capture', ['sleep', '5'])
        try {
            File cmdline = new File("/proc/${p.pid}/cmdline")
            long giveUp = System.nanoTime() + 10_000_000_000L
            while (!cmdline.text.startsWith('sleep\u00005')) {
                assert System.nanoTime() < giveUp: "attached process ${p.pid} did not become 'sleep 5': ${cmdline.text}"
                Thread.sleep(10)
            }
            new File("/proc/${p.pid}/fd").list().toList().sort()
        } finally {
            p.kill()
            p.waitFor()
        }
    }

    def "no fd leaks while other threads attach at the same time"() {
        given:
        def pool = Executors.newFixedThreadPool(4)
        def stop = false
        def busy = (1..4).collect { t ->
            pool.submit {
                int n = 0
                while (!stop) {
                    assert c.run('echo', "busy-$t").stdout == "busy-$t\n"
                    n++
                }
                n
            }
        }

        when:
        def seen = (1..40).collect { fdsSeenInside() }
        stop = true
        def others = busy*.get(60, TimeUnit.SECONDS)

        then:
        seen.every { it == ['0', '1', '2'] }
        others.sum() > 40

        cleanup:
        pool.shutdownNow()
    }

    def "no fd leaks while another thread keeps opening files without O_CLOEXEC: #way"() {
        when: 'a thread holds a host file open without close-on-exec most of the time, as JDK file streams do'
        int leaked = leaksInJvm(flags)

        then:
        leaked == 0

        where:
        way                                                   | flags
        'the attach helper attaches, the JVM does not fork'   | []
        'in-process attach, with the fork-child guard'        | ['-Dlxcgroovy.attach=in-process']
    }

    def "an in-process attach without the fork-child guard does leak fds to that thread (the control)"() {
        when:
        int leaked = leaksInJvm(['-Dlxcgroovy.attach=in-process', '-Dlxcgroovy.forkChildGuard=false'])
        printf('SecuritySpec: in-process without the guard %d of 200 attaches saw a leaked host fd%n', leaked)

        then:
        leaked > 0
    }

    /** Runs {@link HostileFdProbe} for 200 attaches in a JVM of its own with {@code flags}; the leaks it saw. */
    private int leaksInJvm(List<String> flags) {
        def java = ProcessHandle.current().info().command().get()
        def proc = ([java] + flags + ['-cp', System.getProperty('java.class.path'), HostileFdProbe.name, c.name, '200']).execute()
        def probe = ProcessOutput.of(proc, 120, 'the fd probe')
        assert probe.exitCode == 0: probe.stderr
        (probe.stdout =~ /leaked (\d+) of 200/)[0][1] as int
    }

    def "the native options struct starts from LXC_ATTACH_OPTIONS_DEFAULT, never from zeros"() {
        when:
        def bytes = java.nio.ByteBuffer.wrap(AttachLaunch.toNative(AttachOptions.DEFAULT).bytes())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)

        then:
        bytes.getInt(0) == 0x0000FFFF     // attach_flags: LXC_ATTACH_DEFAULT
        bytes.getInt(4) == -1             // namespaces: the container's
        bytes.getLong(8) == -1L           // personality: detect
        bytes.getInt(24) == -1            // uid
        bytes.getInt(28) == -1            // gid
        bytes.getInt(32) == 1             // env_policy: LXC_ATTACH_CLEAR_ENV (the engine's safer default)
        bytes.getInt(68) == -9            // log_fd: -EBADF
    }

    def "no public API can hand liblxc a struct of its own making"() {
        expect: 'the struct has no public constructor, only the defaults factory'
        AttachOptionsStruct.declaredConstructors.every { Modifier.isPrivate(it.modifiers) }

        and: 'a zero namespace mask, which would run on the host, is refused'
        AttachOptions.builder().namespaces(-1).build().namespaces() == -1
    }

    def "a zero namespace mask cannot be built"() {
        when:
        AttachOptions.builder().namespaces(0).build()

        then:
        thrown(IllegalArgumentException)
    }
}
