package org.lxcgroovy.engine

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/** lxc.idmap read and applied, and the subordinate id check before a start: pure logic on files of the spec's own. */
@Tag('unit')
class IdMapSpec extends Specification {
    @TempDir Path dir

    def "an id map turns container ids into host ids, -1 where it does not cover them, the identity where there is none"() {
        given:
        def map = IdMap.parse(['u 0 100000 65536', 'g 0 200000 1000', 'b 70000 300000 10'])

        expect:
        map.hostUid(0) == 100000
        map.hostUid(1000) == 101000
        map.hostUid(65536) == -1
        map.hostUid(70005) == 300005
        map.hostGid(999) == 200999
        map.hostGid(1000) == -1
        map.hostGid(70009) == 300009
        IdMap.parse([]).hostUid(1000) == 1000
        IdMap.parse([]).isEmpty()
        map.toString() == '[u 0 100000 65536, g 0 200000 1000, u 70000 300000 10, g 70000 300000 10]'
    }

    def "a line that is no mapping is refused: '#line'"() {
        when:
        IdMap.parse([line])

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "not an lxc.idmap entry (u|g|b inside outside count): '$line'"

        where:
        line << ['u 0 100000', 'x 0 1 2', 'u zero 100000 65536']
    }

    Path file(String name, String text) {
        Path p = dir.resolve(name)
        Files.writeString(p, text)
        p
    }

    def "the directory above a rootfs that the mapped root cannot pass is named"() {
        given:
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-xr-x'))  // Spock's is 0700
        Path rootfs = Files.createDirectories(dir.resolve('lxc/web/rootfs'))
        Files.setPosixFilePermissions(dir.resolve('lxc'), java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-xr-x'))
        def map = IdMap.parse(['u 0 100000 65536', 'g 0 100000 65536'])
        def reach = { String spec ->
            try {
                RootfsReach.check('start', 'web', map, spec)
                'ok'
            } catch (LxcException e) {
                e.reason
            }
        }
        long owner = Files.getAttribute(dir, 'unix:uid') as long
        long group = Files.getAttribute(dir, 'unix:gid') as long

        when:
        Files.setPosixFilePermissions(dir.resolve('lxc/web'), java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-x---'))

        then:
        reach("dir:$rootfs") == "the container's root (host uid 100000) cannot reach its rootfs $rootfs: ${dir.resolve('lxc/web')} " +
                "is mode 0750, owned by $owner:$group (chmod o+x ${dir.resolve('lxc/web')}, or give it to 100000)"
        reach("overlay:/usr:$rootfs").startsWith("the container's root (host uid 100000) cannot reach its rootfs $rootfs: ")
        reach('/usr') == 'ok'
        reach('lvm:/dev/vg/web') == 'ok'                 // a block device: nothing to walk
        RootfsReach.paths('overlay:/a/rootfs:/b/delta') == [Path.of('/a/rootfs'), Path.of('/b/delta')]

        when:
        Files.setPosixFilePermissions(dir.resolve('lxc/web'), java.nio.file.attribute.PosixFilePermissions.fromString('rwxr-x--x'))

        then:
        reach("dir:$rootfs") == 'ok'
    }

    def "the subordinate ranges decide: covered is fine, outside or too small is named with the range, none says how to add one"() {
        given:
        def subuid = file('subuid', 'alice:100000:65536\nroot:200000:65536\n# comment\n0:400000:1000\n')
        def subgid = file('subgid', 'root:200000:65536\n')
        def check = { List<String> lines, Path uids = subuid, Path gids = subgid ->
            try {
                SubordinateIds.check('start', 'web', IdMap.parse(lines), 'root', 0, uids, gids)
                'ok'
            } catch (LxcException e) {
                e.reason
            }
        }

        expect:
        check(['u 0 200000 65536', 'g 0 200000 65536']) == 'ok'
        check(['u 0 400000 1000', 'u 1000 200000 1000', 'g 0 200000 65536']) == 'ok'      // by uid too, and in parts
        check(['u 0 100000 65536', 'g 0 200000 65536']) == "root has no subordinate uid range covering 100000-165535 in $subuid"
        check(['u 0 200000 65537', 'g 0 200000 65536']) == "root has no subordinate uid range covering 200000-265536 in $subuid"
        check(['u 0 200000 65536', 'g 0 200000 65536'], subuid, dir.resolve('missing')) ==
                "root has no subordinate gid range covering 200000-265535 in ${dir.resolve('missing')} (it has none; package " +
                'uidmap, then e.g. usermod --add-subgids 200000-265535 root)'
        check(['u 1 200000 65536', 'g 0 200000 65536']) ==
                "lxc.idmap maps no container uid 0: the container's root would be unmapped (e.g. lxc.idmap = u 0 100000 65536)"
        check([]) == 'ok'
    }
}
