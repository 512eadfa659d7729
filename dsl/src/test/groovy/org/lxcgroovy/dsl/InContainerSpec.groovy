package org.lxcgroovy.dsl

import org.lxcgroovy.dsl.support.ScriptHost
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.LxcException
import spock.lang.Shared
import spock.lang.Specification

/** Closures "in the container": commands and files act inside it, host variables stay visible. */
@LiblxcHost
class InContainerSpec extends Specification {
    @Shared Container c
    @Shared String containerName

    def setupSpec() {
        c = startContainer()
        containerName = c.name
    }

    /** The container the features run on; {@link UnprivilegedInContainerSpec} gives an unprivileged one. */
    Container startContainer() {
        LxcHost.running('inside')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def "an in-container closure acts inside the container while seeing the host's variables, and returns its value"() {
        given:
        def host = new ScriptHost()

        when:
        def value = host.run("""
            String fromHost = 'set on the host'
            container('$containerName').attachWait {
                file('/tmp/greeting').text = fromHost
                file('/tmp/greeting') << ', appended'
                file('/tmp/dir/sub').mkdirs()
                [text: run('cat', '/tmp/greeting').stdout, read: file('/tmp/greeting').text, host: hostname,
                 env: env, exists: file('/tmp/dir/sub').exists(), gone: file('/tmp/greeting').delete() && !file('/tmp/greeting').exists(),
                 listed: file('/tmp').list()]
            }
        """)

        then:
        value.text == 'set on the host, appended'
        value.read == 'set on the host, appended'
        value.host == containerName
        value.env.keySet() == ['PATH', 'container', 'PWD', 'SHLVL'] as Set     // sh adds PWD and SHLVL
        value.env.container == 'lxc'
        value.exists
        value.gone
        value.listed.contains('dir')
    }

    def "a failing sh inside a closure throws with the container and the exit status"() {
        when:
        c.attachWait { sh 'echo bad >&2; exit 5' }

        then:
        def e = thrown(CommandFailedException)
        e.container == containerName
        e.reason == '`echo bad >&2; exit 5` exited with 5: bad'
    }

    def "a file written through a symlink that points out of the container stays inside it"() {
        given:
        c.run('ln', '-sf', '/etc/hostname-of-the-host', '/tmp/out-link')
        new File('/etc/hostname-of-the-host').exists()   // (it does not exist on the host either way)

        when:
        c.file('/tmp/out-link').text = 'x'

        then:
        !new File('/etc/hostname-of-the-host').exists()
        c.run('cat', '/etc/hostname-of-the-host').stdout == 'x'
    }

    def "in a fleet body, attachWait's commands count against the container's timeout"() {
        given:
        def host = new ScriptHost()

        when:
        host.run("""
            fleet(['$containerName'], timeout: 2) {
                attachWait {
                    println file('/etc/passwd').readLines().first()
                    sh 'sleep 30'
                }
            }
        """)
        def result = host.reports[0][containerName]

        then:
        result.timedOut
        result.duration.toSeconds() < 4
        host.lines.any { it.startsWith("[$containerName] root:") }
    }
}
