package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.nio.file.Files
import spock.lang.Specification
import spock.lang.Shared

/** Failures name the operation, the container and liblxc's reason, and leave nothing half-made. */
@LiblxcHost
class ErrorsSpec extends Specification {
    @Shared Container defined

    def setupSpec() {
        defined = LxcHost.busybox('errors')
    }

    def cleanupSpec() {
        LxcHost.dispose(defined)
    }

    def "start of an undefined container names the operation, the container and liblxc's reason"() {
        given:
        def c = new Container(LxcHost.PREFIX + 'undefined')

        when:
        c.start()

        then:
        def e = thrown(LxcException)
        e.operation == 'start'
        e.container == LxcHost.PREFIX + 'undefined'
        e.reason.contains('not defined')
        e.reason.contains('No container config specified')   // lxc-start's own words
        e.message.startsWith("start of container '${LxcHost.PREFIX}undefined' failed: ")
        !c.defined

        cleanup:
        c.close()
    }

    def "an unknown config key is refused with liblxc's reason, and the configuration is unchanged"() {
        when:
        defined.setConfigItem('lxc.no.such.key', 'x')

        then:
        def e = thrown(LxcException)
        e.operation == 'setConfigItem(lxc.no.such.key)'
        e.container == defined.name
        e.reason.contains('lxc.no.such.key')

        when:
        defined.getConfigItem('lxc.no.such.key')

        then:
        e = thrown(LxcException)
        e.reason.contains('lxc.no.such.key')
    }

    def "a failure carries a kind a program can test, and the errno where there is one: #what"() {
        when:
        action(defined)

        then:
        def e = thrown(LxcException)
        e.kind == kind
        e.errno == errno

        where:
        what                               | kind                              | errno | action
        'start of an undefined container'  | LxcException.Kind.NOT_DEFINED     | 0     | { c -> new Container(LxcHost.PREFIX + 'nobody').withCloseable { it.start() } }
        'attach to a stopped container'    | LxcException.Kind.NOT_RUNNING     | 0     | { c -> c.run('true') }
        'files of a stopped container'     | LxcException.Kind.NOT_RUNNING     | 0     | { c -> c.files.readText('/etc/hostname') }
        'create over an existing one'      | LxcException.Kind.ALREADY_EXISTS  | 0     | { c -> c.create('busybox') }
        'an unknown configuration key'     | LxcException.Kind.REFUSED         | 0     | { c -> c.getConfigItem('lxc.no.such.key') }
        'a bad container name'             | LxcException.Kind.REFUSED         | 0     | { c -> new Container('../x') }
        // liblxc returns -ECONNREFUSED (111): a stopped container's command socket has nobody listening
        'console log, nobody listening'    | LxcException.Kind.SYSTEM_ERROR    | 111   | { c -> c.consoleLog(false, true, 0) }
    }

    def "a closed container refuses calls, and a refused call leaves no lock held for other threads"() {
        given:
        def c = new Container(LxcHost.PREFIX + 'closed')
        c.close()

        when: 'calls that hold the lock across several steps'
        c.create('busybox')

        then:
        thrown(IllegalStateException)

        when:
        c.rename(LxcHost.PREFIX + 'closed-2')

        then:
        thrown(IllegalStateException)

        expect: 'another thread is refused at once too, not blocked on a lock left behind'
        java.util.concurrent.CompletableFuture.supplyAsync {
            try {
                c.defined
                'answered'
            } catch (IllegalStateException e) {
                'refused'
            }
        }.get(30, java.util.concurrent.TimeUnit.SECONDS) == 'refused'   // a hang guard
    }

    def "liblxc's ERROR lines go to the engine's log file only, never echoed raw to stderr"() {
        when: 'a snapshot of a directory-backed container: liblxc logs four ERROR lines about the copy it makes'
        long before = Lxc.liblxcLog().toFile().length()
        String snap = defined.snapshot()
        defined.snapshotDestroy(snap)

        then:
        LxcLog.stderrSilenced()
        !org.lxcgroovy.engine.internal.jna.LxcLogging.stderrChained()
        Lxc.liblxcLog().toFile().text.substring((int) before).contains('Snapshot of directory-backed container requested')
    }

    def "multi-valued keys are lists whatever liblxc's spelling: lxc.idmap with one and two mappings"() {
        when:
        defined.setConfigItem('lxc.idmap', ['u 0 100000 65536'])
        def one = defined.getConfigItem('lxc.idmap')
        defined.setConfigItem('lxc.idmap', ['u 0 100000 65536', 'g 0 100000 65536'])
        def two = defined.getConfigItem('lxc.idmap')
        defined.clearConfigItem('lxc.idmap')
        def none = defined.getConfigItem('lxc.idmap')

        then:
        one == ['u 0 100000 65536']
        two == ['u 0 100000 65536', 'g 0 100000 65536']
        none == []
        defined.getConfigItem('lxc.cap.drop') instanceof List
        defined.getConfigItem('lxc.uts.name') == defined.name

        cleanup:
        defined.loadConfig(null)
    }

    def "a value liblxc rejects leaves the old value in place"() {
        given:
        def before = defined.getConfigItem('lxc.net.0.type')

        when:
        defined.setConfigItem('lxc.net.0.type', 'no-such-network-type')

        then:
        def e = thrown(LxcException)
        e.reason
        defined.getConfigItem('lxc.net.0.type') == before
    }

    def "a failing template's own words reach the exception and nothing is left behind"() {
        given:
        def template = File.createTempFile('lxcg-failing-template', '.sh')
        template.text = '#!/bin/sh\necho "preparing rootfs"\necho "cannot reach the package mirror: network unreachable" >&2\nexit 1\n'
        template.setExecutable(true)
        def c = new Container(LxcHost.PREFIX + 'bad-template')

        when:
        c.create(template.path)

        then:
        def e = thrown(LxcException)
        e.operation == 'create'
        e.container == c.name
        e.reason.contains('cannot reach the package mirror')
        e.reason.contains('Failed to create container')          // liblxc's log
        !c.defined
        !Files.exists(java.nio.file.Path.of(Lxc.defaultConfigPath(), c.name))

        cleanup:
        c.close()
        template.delete()
    }

    def "the download template with no reachable server fails cleanly"() {
        given:
        def c = new Container(LxcHost.PREFIX + 'download')

        when: 'the image server is a closed local port, so nothing leaves the machine'
        c.create('download', server: '127.0.0.1:9', dist: 'debian', release: 'bookworm', arch: 'amd64')

        then:
        def e = thrown(LxcException)
        e.operation == 'create'
        e.reason.contains('Failed to create container from template')
        e.reason =~ /(?i)error|fail/
        !c.defined
        !Files.exists(java.nio.file.Path.of(Lxc.defaultConfigPath(), c.name))

        cleanup:
        c.close()
    }

    def "a missing template is a clear error"() {
        given:
        def c = new Container(LxcHost.PREFIX + 'no-template')

        when:
        c.create('no-such-template')

        then:
        def e = thrown(LxcException)
        e.reason.toLowerCase().contains('template')
        !c.defined

        cleanup:
        c.close()
    }

    def "bad names are refused before liblxc sees them: #name"() {
        when:
        new Container(name)

        then:
        def e = thrown(LxcException)
        e.operation == 'new Container'
        e.reason.contains(reason)
        !new File('/var/lib/x').exists()

        where:
        name        | reason
        '../x'      | "'/'"
        'a/b'       | "'/'"
        '..'        | "'..'"
        ''          | 'empty'
        null        | 'empty'
        'with space'| 'white space'
    }

    def "operations on a stopped container fail with the state in the reason"() {
        when:
        defined.freeze()

        then:
        def e = thrown(LxcException)
        e.operation == 'freeze'
        e.reason

        when:
        defined.getRunningConfigItem('lxc.uts.name')

        then:
        thrown(LxcException)
    }

    def "an unknown architecture for personality is refused with the known names"() {
        when:
        defined.start()
        defined.run(personality: 'vax', ['true'])

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains("unknown architecture 'vax'")
        e.message.contains('i686')

        cleanup:
        defined.stop()
    }

    def "a closed container refuses further use instead of touching freed memory"() {
        given:
        def c = new Container(defined.name)
        c.close()

        when:
        c.state

        then:
        thrown(IllegalStateException)

        when: 'close is idempotent'
        c.close()

        then:
        noExceptionThrown()
    }
}
