package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification

/**
 * A root-owned unprivileged busybox container (lxc.idmap onto root's subordinate ids): it is made, starts and
 * attaches as a privileged one does, files written from the host are owned as the container sees them, and a map
 * that cannot work is refused with its cause before liblxc tries.
 */
@LiblxcHost
class UnprivilegedSpec extends Specification {
    @Shared Container c
    @Shared long hostRoot

    def setupSpec() {
        c = LxcHost.unprivilegedBusybox('unpriv')
        hostRoot = LxcHost.rootSubordinateRanges()[0][0]
        c.start()
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "made with lxc.idmap set before create: the map is a list, the rootfs belongs to the mapped root, and it runs as root inside"() {
        given:
        Path rootfs = Path.of(c.getConfigItem('lxc.rootfs.path').toString().replaceFirst(/^dir:/, ''))

        expect:
        c.getConfigItem('lxc.idmap') == LxcHost.rootIdmap()
        Files.getAttribute(rootfs.resolve('bin'), 'unix:uid', LinkOption.NOFOLLOW_LINKS) == hostRoot
        c.run(['id', '-u']).stdout.trim() == '0'
        c.getIps(family: 'inet', timeout: 30)
        c.run(uid: 1000, gid: 1000, ['id']).stdout.trim() == 'uid=1000 gid=1000'    // container-side ids
        new File("/proc/${c.initPid}/status").readLines().find { it.startsWith('Uid:') }.split(/\s+/)[1] as long == hostRoot
    }

    def "files and directories made from the host belong to the container's root as it sees them, and a replaced file keeps its owner and mode"() {
        given:
        def files = c.files

        when:
        files.writeText('/root/new', 'hi\n')
        files.appendText('/root/log', 'a\n')
        files.appendText('/root/log', 'b\n')
        files.mkdirs('/root/d1/d2')
        c.run(['sh', '-c', 'echo old > /root/theirs; chown 1000:1000 /root/theirs; chmod 600 /root/theirs'])
        files.writeText('/root/theirs', 'replaced\n')
        files.appendText('/root/theirs', 'appended\n')
        String listing = c.run(['sh', '-c', 'stat -c "%n %u:%g %a" /root/new /root/log /root/d1 /root/d1/d2 /root/theirs']).stdout

        then:
        listing.readLines() == ['/root/new 0:0 644', '/root/log 0:0 644', '/root/d1 0:0 755', '/root/d1/d2 0:0 755',
                                '/root/theirs 1000:1000 600']
        files.readText('/root/theirs') == 'replaced\nappended\n'
        files.readText('/root/log') == 'a\nb\n'
        c.run(['sh', '-c', 'chown 0:0 /root/new && echo ok']).stdout.trim() == 'ok'    // its root can act on it
    }

    def "ownedBy owns what is written and created in container ids, refusing an id the map does not cover"() {
        given:
        def files = c.files
        files.writeText('/root/was-roots', 'x\n')

        when:
        def app = files.ownedBy(1000, 1001)
        app.writeText('/root/app.conf', 'a\n')
        app.writeText('/root/was-roots', 'y\n')
        app.mkdirs('/root/appdir/sub')
        String listing = c.run(['sh', '-c', 'stat -c "%n %u:%g" /root/app.conf /root/was-roots /root/appdir /root/appdir/sub']).stdout

        then:
        listing.readLines() == ['/root/app.conf 1000:1001', '/root/was-roots 1000:1001', '/root/appdir 1000:1001',
                                '/root/appdir/sub 1000:1001']

        when:
        files.ownedBy(70000, 0)

        then:
        def e = thrown(LxcException)
        e.message == "ownedBy of container '${c.name}' failed: uid 70000 is not an id of this container: its lxc.idmap " +
                "${LxcHost.rootIdmap()} gives it no host id"
    }

    def "attach ids are container ids, refused before anything runs where the map does not cover them (#options)"() {
        when:
        c.run(options, ['true'])

        then:
        def e = thrown(LxcException)
        e.kind == LxcException.Kind.REFUSED
        e.message == "attach of container '${c.name}' failed: $what is not an id of this container: its lxc.idmap " +
                "${LxcHost.rootIdmap()} gives it no host id"
        c.run(uid: 65535, gid: 65535, groups: [1000], ['sh', '-c', 'id -u; id -G']).stdout.readLines() == ['65535', '65535 1000']

        where:
        options                       | what
        [uid: 70000]                  | 'uid 70000'
        [uid: 0, gid: 65536]          | 'gid 65536'
        [groups: [10, 100000]]        | 'group 100000'
    }

    def "a map root may not use, one that leaves the container's root unmapped, or a rootfs it cannot reach is refused with the cause before liblxc tries"() {
        given:
        def other = LxcHost.unprivilegedBusybox('unpriv-bad')
        long outside = 2_000_000_000L      // far beyond any range setup-host gives root

        when:
        other.setConfigItem('lxc.idmap', ["u 0 $outside 65536".toString(), LxcHost.rootIdmap()[1]])
        other.start()

        then:
        def e = thrown(LxcException)
        e.message == "start of container '${other.name}' failed: root has no subordinate uid range covering " +
                "$outside-${outside + 65535} in /etc/subuid"
        e.kind == LxcException.Kind.REFUSED

        when:
        other.setConfigItem('lxc.idmap', ["u 1 $hostRoot 65536".toString(), LxcHost.rootIdmap()[1]])
        other.start()

        then:
        def e2 = thrown(LxcException)
        e2.message == "start of container '${other.name}' failed: lxc.idmap maps no container uid 0: the container's root " +
                'would be unmapped (e.g. lxc.idmap = u 0 100000 65536)'
        !other.running

        when: 'the container directory shut to its root'
        other.setConfigItem('lxc.idmap', LxcHost.rootIdmap())
        other.saveConfig()
        File home = new File("${Lxc.defaultConfigPath()}/${other.name}")
        ['chown', '0:0', home.path].execute().waitFor()
        ['chmod', '0700', home.path].execute().waitFor()
        other.start()

        then:
        def e3 = thrown(LxcException)
        e3.message == "start of container '${other.name}' failed: the container's root (host uid $hostRoot) cannot reach its " +
                "rootfs ${home.path}/rootfs: ${home.path} is mode 0700, owned by 0:0 (chmod o+x ${home.path}, or give it to $hostRoot)"
        !other.running

        cleanup:
        LxcHost.dispose(other)
    }
}
