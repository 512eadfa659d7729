package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Specification

/**
 * An lxcpath on a full file system (small loop-mounted ext4 file systems of the spec's own): create, clone and
 * snapshot fail naming "No space left on device", and leave nothing half made behind.
 */
@LiblxcHost
class FullDiskSpec extends Specification {
    List<File> mounts = []

    def cleanup() {
        mounts.reverse().each { File dir ->
            new File(dir, 'lxc').listFiles()?.each { File c ->
                // what a spec made there, found by its config (never a container of someone else's lxcpath)
                ['lxc-stop', '-k', '-n', c.name, '-P', new File(dir, 'lxc').path].execute().waitFor()
                ['lxc-destroy', '-s', '-n', c.name, '-P', new File(dir, 'lxc').path].execute().waitFor()
            }
            ['umount', dir.path].execute().waitFor()
            dir.deleteDir()
        }
    }

    /** An empty lxcpath on a new ext4 file system of {@code kib} KiB. */
    private String lxcpathOf(int kib) {
        File dir = File.createTempDir('lxcg-test-fs')
        File image = File.createTempFile('lxcg-test-fs', '.img')
        try {
            sh("truncate -s ${kib}K ${image} && mkfs.ext4 -q ${image} && mount -o loop ${image} ${dir}")
        } finally {
            image.delete()      // the mount keeps it until unmounted
        }
        mounts << dir
        File lxcpath = new File(dir, 'lxc')
        lxcpath.mkdir()
        lxcpath.path
    }

    private static void sh(String command) {
        def p = ['sh', '-c', command].execute()
        def err = new StringBuilder()
        p.consumeProcessErrorStream(err)
        assert p.waitFor() == 0: "$command: $err"
    }

    def "create on a full file system: no space named, no container left"() {
        given:
        String lxcpath = lxcpathOf(2048)
        def c = new Container(LxcHost.PREFIX + 'full-create', lxcpath)

        when:
        c.create('busybox')

        then:
        def e = thrown(LxcException)
        e.operation == 'create'
        e.reason.contains('No space left on device')
        new File(lxcpath).list() as List == []

        cleanup:
        c.close()
    }

    def "clone onto a full file system: no space named, no half clone left"() {
        given:
        String lxcpath = lxcpathOf(2048)
        def original = LxcHost.busybox('full-original')

        when:
        original.clone(LxcHost.PREFIX + 'full-clone', new CloneOptions(lxcpath, 0, null, null, 0, []))

        then:
        def e = thrown(LxcException)
        e.reason.contains('No space left on device')
        new File(lxcpath).list() as List == []

        cleanup:
        LxcHost.dispose(original)
    }

    def "a snapshot that does not fit: no space named, no half snapshot left, the container as it was"() {
        given: 'room for the container, not for a second copy of it'
        String lxcpath = lxcpathOf(4096)
        def c = new Container(LxcHost.PREFIX + 'full-snap', lxcpath)
        c.create('busybox')

        when:
        c.snapshot()

        then:
        def e = thrown(LxcException)
        e.operation == 'snapshot'
        e.reason.contains('No space left on device')
        c.snapshotList() == []
        !new File(lxcpath, "${c.name}/snaps/snap0").exists()
        c.defined

        cleanup:
        c.close()
    }
}
