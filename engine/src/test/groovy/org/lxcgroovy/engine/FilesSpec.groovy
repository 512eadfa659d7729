package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

/** Container files from the host: plain reads and writes work, and no path or symlink leads out of the container. */
@LiblxcHost
class FilesSpec extends Specification {
    @Shared Container c
    @Shared ContainerFiles files
    @Shared File secret = new File("/tmp/${LxcHost.PREFIX}host-secret")
    @Shared File hostTarget = new File("/tmp/${LxcHost.PREFIX}host-target")

    def setupSpec() {
        c = startContainer()
        files = c.files
        secret.text = 'host secret\n'
        hostTarget.delete()
    }

    /** The container the features run on; {@link UnprivilegedFilesSpec} gives an unprivileged one. */
    Container startContainer() {
        LxcHost.running('files')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
        secret.delete()
        hostTarget.delete()
    }

    def "reads, atomic writes that keep mode and owner, appends, lists, mkdirs and deletes act inside the container"() {
        when:
        files.writeText('/tmp/note', 'one\n')
        files.appendText('/tmp/note', 'two\n')
        c.run('sh', '-c', 'chmod 600 /tmp/note; chown 1000:1000 /tmp/note')
        files.writeText('/tmp/note', 'three\n')
        files.mkdirs('/tmp/a/b/c')
        files.writeText('/tmp/a/b/c/deep', 'x')

        then:
        c.run('cat', '/tmp/note').stdout == 'three\n'
        c.run('stat', '-c', '%a %u %g', '/tmp/note').stdout.trim() == '600 1000 1000'
        files.readText('/etc/passwd') == c.run('cat', '/etc/passwd').stdout
        files.list('/tmp').containsAll(['a', 'note'])
        !files.list('/tmp').any { it.contains('.lxcg-') }     // no temporary file left
        files.isDirectory('/tmp/a/b/c') && !files.isDirectory('/tmp/note')
        files.exists('/tmp/a/b/c/deep')
        files.delete('/tmp/a/b/c/deep')
        !files.exists('/tmp/a/b/c/deep')
        !files.delete('/tmp/a/b/c/deep')
        files.delete('/tmp/a/b/c')
        !c.run('test', '-e', '/tmp/a/b/c')
    }

    def "symlinks and dot-dots planted in the container resolve inside it, never on the host"() {
        given: 'links an attacker inside the container could plant'
        assert c.run('sh', '-c', """
            ln -sf ${secret.path} /tmp/abs-link
            ln -sf ../../../../../../..${secret.path} /tmp/rel-link
            ln -sf ${hostTarget.path} /tmp/write-link
            ln -sf ${hostTarget.path} /tmp/append-link
            ln -sf /proc/1/root/etc/passwd /tmp/magic-link
        """)

        when: 'the naive way, through /proc/<pid>/root, follows the absolute link to the host'
        String naive = Files.readString(Path.of("/proc/${c.initPid}/root/tmp/abs-link"))

        then:
        naive == 'host secret\n'

        when:
        files.readText('/tmp/abs-link')

        then:
        def abs = thrown(LxcException)
        abs.reason.startsWith('No such file or directory')
        abs.operation == 'readFile(/tmp/abs-link)'
        abs.container == c.name

        when:
        files.readText('/tmp/rel-link')

        then:
        thrown(LxcException)

        when:
        files.readText("/../../../..${secret.path}")

        then:
        thrown(LxcException)

        when:
        files.readText('/tmp/magic-link')

        then:
        def magic = thrown(LxcException)
        magic.reason.contains('errno 40')      // ELOOP: magic links are refused

        when: 'writes and appends through links'
        files.writeText('/tmp/write-link', 'written through the link, ')
        files.appendText('/tmp/append-link', 'appended inside')

        then: 'the link target is the container path, created there; the host has no such file'
        !hostTarget.exists()
        secret.text == 'host secret\n'
        c.run('test', '-L', '/tmp/write-link')
        c.run('cat', hostTarget.path).stdout == 'written through the link, appended inside'
    }

    def "a FIFO or a device planted where a file is expected is refused at once, not read forever"() {
        given:
        assert c.run('sh', '-c', 'mkfifo /tmp/fifo; ln -sf /dev/zero /tmp/zero-link')

        when:
        long t0 = System.nanoTime()
        files.readText('/tmp/fifo')

        then:
        def fifo = thrown(LxcException)
        fifo.reason == 'not a regular file'
        (System.nanoTime() - t0) < 2_000_000_000L

        when:
        files.readBytes('/tmp/zero-link')

        then:
        def zero = thrown(LxcException)
        zero.reason == 'not a regular file'

        when:
        files.appendText('/tmp/fifo', 'x')

        then:
        thrown(LxcException)
    }

    def "bad paths and a stopped container are errors that say so"() {
        when:
        files.writeText('/tmp/..', 'x')

        then:
        def e = thrown(LxcException)
        e.reason == 'the path must name a file'

        when:
        files.readText('')

        then:
        thrown(LxcException)

        when:
        def stopped = LxcHost.busybox('files-stopped')
        try {
            stopped.files.readText('/etc/passwd')
        } finally {
            LxcHost.dispose(stopped)
        }

        then:
        def s = thrown(LxcException)
        s.reason == 'container is not running'
    }
}
