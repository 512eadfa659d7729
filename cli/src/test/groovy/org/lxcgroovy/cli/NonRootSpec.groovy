package org.lxcgroovy.cli

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import spock.lang.Shared
import spock.lang.Specification
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * lxc-groovy run by a normal user (here: nobody) gets one error saying that it drives root's containers, not
 * liblxc's "You lack access to ~/.local/share/lxc" or "HOME isn't set"; what needs no container still works.
 */
@LiblxcHost
class NonRootSpec extends Specification {
    /** The command's classes and jars where nobody can read them (root's ~/.m2 is closed to it). */
    @Shared Path copy

    def setupSpec() {
        copy = Files.createTempDirectory('lxcg-nonroot')
        List<Path> code = [Path.of('target/classes')] +
                new File('target/runtime-classpath.txt').text.trim().split(':').collect { Path.of(it) }
        code.eachWithIndex { Path from, int i ->
            Path to = copy.resolve("${i}-${from.fileName}")
            if (Files.isDirectory(from)) {
                ['cp', '-r', from.toString(), to.toString()].execute().waitFor()
            } else {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES)
            }
        }
        assert ['chmod', '-R', 'a+rX', copy.toString()].execute().waitFor() == 0
    }

    def cleanupSpec() {
        copy?.toFile()?.deleteDir()
    }

    /** {@code lxc-groovy args} as user nobody, with a HOME it may write. */
    Map<String, Object> asNobody(String... args) {
        String classpath = copy.toFile().listFiles()*.path.sort().join(':')
        String java = ProcessHandle.current().info().command().get()
        def p = new ProcessBuilder(['runuser', '-u', 'nobody', '--', 'env', '-i', "HOME=${copy}".toString(),
                                    'PATH=/usr/bin:/bin', java, '-cp', classpath, 'org.lxcgroovy.cli.Main'] + args.toList())
                .directory(copy.toFile()).start()
        def run = ProcessOutput.of(p, 120, "lxc-groovy ${args} as nobody")
        [exit: run.exitCode, out: run.stdout, err: run.stderr]
    }

    def "a script that touches containers as a user other than root fails with one line naming the user and what to do: #what"() {
        when:
        def r = asNobody('-e', code)

        then:
        r.exit == 2
        r.out == ''
        r.err == "-e, line 1: $operation failed: lxc-groovy drives root's containers and runs as uid 65534 (nobody): " +
                "run it as root; containers of a normal user (~/.local/share/lxc) are not supported\n"

        where:
        what               | code                                         | operation
        'listing'          | 'println listContainers()'                   | 'listContainers'
        'one container'    | "container('${LxcHost.PREFIX}x').start()"    | "new Container of container '${LxcHost.PREFIX}x'"
        'a fleet by name'  | "fleet(['${LxcHost.PREFIX}x']) { }"          | "new Container of container '${LxcHost.PREFIX}x'"
    }

    def "what needs no container runs as any user: --version, and a script without containers"() {
        when:
        def version = asNobody('--version')
        def plain = asNobody('-e', 'println 6 * 7')

        then:
        version.exit == 0
        version.out.readLines()[1] == "liblxc ${org.lxcgroovy.engine.Lxc.version()}"
        plain.exit == 0
        plain.out == '42\n'
    }
}
