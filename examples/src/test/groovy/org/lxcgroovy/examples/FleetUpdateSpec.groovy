package org.lxcgroovy.examples

import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Specification

/** Runs the plain-Java example in its own JVM with only the engine and JNA on the classpath. */
@LiblxcHost
class FleetUpdateSpec extends Specification {
    static final String PREFIX = LxcHost.PREFIX + 'example-'

    def cleanup() {
        removeOurs()
    }

    static void removeOurs() {
        Lxc.listContainers().findAll { it.startsWith(PREFIX) }.each { LxcHost.destroy(it) }
    }

    /** Runs the example in a JVM of its own, with the runtime classpath only; returns [exit code, output]. */
    static List runExample() {
        String cp = System.getProperty('example.classpath')
        assert cp && !cp.split(File.pathSeparator).any { it.contains('/org/apache/groovy/') || new File(it).name.startsWith('groovy') } && cp.contains('jna')
        def java = ProcessHandle.current().info().command().get()
        def proc = new ProcessBuilder(java, '-cp', cp, 'org.lxcgroovy.examples.FleetUpdate', '--prefix', PREFIX, '--count', '2')
                .redirectErrorStream(true).start()
        String out = proc.inputStream.text
        int exit = proc.waitFor()
        println out
        [exit, out]
    }

    def "the example updates two containers in parallel, with no Groovy on its classpath"() {
        given:
        removeOurs()

        when:
        def (int exit, String out) = runExample()

        then:
        exit == 0
        out =~ /${PREFIX}1\s+ok\s+[\d.]+\s+10\.0\.3\.\d+ \| ${PREFIX}1: BusyBox v/
        out =~ /${PREFIX}2\s+ok/
        out.contains('2 containers in')
        out.contains('0 failed')

        and: 'it shut down what it started'
        [1, 2].every { i -> new Container("$PREFIX$i").withCloseable { !it.running && it.defined } }
    }

    def "a container that cannot be set up is reported as failed and the exit code says so"() {
        given: 'a container whose config the template cannot produce'
        removeOurs()
        def broken = new File("${Lxc.defaultConfigPath()}/${PREFIX}1")
        broken.mkdirs()
        new File(broken, 'config').text = "lxc.rootfs.path = dir:/nonexistent/rootfs\nlxc.uts.name = ${PREFIX}1\n"

        when:
        def (int exit, String out) = runExample()

        then:
        exit == 1
        out =~ /${PREFIX}1\s+FAILED.*start of container '${PREFIX}1' failed/
        out =~ /${PREFIX}2\s+ok/
        out.contains('1 failed')
    }
}
