package org.lxcgroovy.engine

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/**
 * The freezer's two kinds on files of the spec's own (pure: this host has one kind): which file, what is written,
 * what counts as frozen, and the thaw when it never gets there.
 */
@Tag("unit")
class FreezerSpec extends Specification {
    @TempDir Path root

    def "the file is the container's own cgroup: v1's freezer.state, v2's cgroup.freeze, above an init.scope"() {
        expect:
        new CgroupLayout(['6:freezer:/lxc.payload.web', '0::/lxc.payload.web']).freezerFile(root) ==
                root.resolve('freezer/lxc.payload.web/freezer.state')
        new CgroupLayout(['0::/lxc.payload.web/init.scope']).freezerFile(root) == root.resolve('lxc.payload.web/cgroup.freeze')
        new CgroupLayout(['0::/custom/web']).freezerFile(root) == root.resolve('custom/web/cgroup.freeze')
    }

    def "v2: frozen is cgroup.events' 'frozen 1'; asked but not there is FREEZING; the freeze writes 1"() {
        given:
        Path dir = Files.createDirectories(root.resolve('lxc.payload.web'))
        Path control = dir.resolve('cgroup.freeze')
        Files.writeString(control, '0\n')
        Files.writeString(dir.resolve('cgroup.events'), 'populated 1\nfrozen 0\n')
        def freezer = new Freezer(false, control, dir.resolve('cgroup.events'))

        expect:
        freezer.state() == ContainerState.RUNNING

        when: 'the kernel says frozen as soon as it is asked (a thread of the spec plays it)'
        Thread kernel = Thread.start {
            while (Files.readString(control).trim() != '1') {
                Thread.sleep(5)
            }
            Files.writeString(dir.resolve('cgroup.events'), 'populated 1\nfrozen 1\n')
        }
        boolean frozen = freezer.freeze(Duration.ofSeconds(30))
        kernel.join()

        then:
        frozen
        freezer.state() == ContainerState.FROZEN
        Files.readString(control) == '1'
    }

    def "v2: a freeze that never gets there is thawed again (0 written) and answers false"() {
        given:
        Path dir = Files.createDirectories(root.resolve('v2'))
        Files.writeString(dir.resolve('cgroup.freeze'), '0')
        Files.writeString(dir.resolve('cgroup.events'), 'populated 1\nfrozen 0\n')

        when:
        boolean frozen = new Freezer(false, dir.resolve('cgroup.freeze'), dir.resolve('cgroup.events')).freeze(Duration.ofMillis(300))

        then:
        !frozen
        Files.readString(dir.resolve('cgroup.freeze')) == '0'
    }

    def "v1: while FREEZING the freeze writes FROZEN again (the kernel retries only on a write), then thaws at its timeout"() {
        given: 'the control file is a FIFO, so every write is seen once; the state stays FREEZING'
        Path control = root.resolve('freezer.state')
        assert new ProcessBuilder('mkfifo', control.toString()).start().waitFor() == 0
        Path status = root.resolve('state')
        Files.writeString(status, 'FREEZING\n')
        StringBuilder stream = new StringBuilder()
        Thread kernel = Thread.start {
            while (!stream.toString().endsWith('END')) {
                stream << Files.readString(control)     // blocks until a writer opens, ends when the writers close
            }
        }

        when:
        boolean frozen = new Freezer(true, control, status).freeze(Duration.ofMillis(300))
        Files.writeString(control, 'END')
        kernel.join()
        List<String> writes = (stream =~ /FROZEN|THAWED/).collect { it as String }

        then:
        !frozen
        writes.size() >= 3
        writes[0..-2].every { it == 'FROZEN' }
        writes.last() == 'THAWED'
    }

    def "v1: the states as freezer.state spells them"() {
        given:
        Path f = root.resolve('freezer.state')
        def freezer = new Freezer(true, f, f)

        expect:
        states.collect { Files.writeString(f, it + '\n'); freezer.state() } == [ContainerState.RUNNING, ContainerState.FREEZING, ContainerState.FROZEN]

        where:
        states = ['THAWED', 'FREEZING', 'FROZEN']
    }
}
