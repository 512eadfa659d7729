package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.JavaModules
import org.lxcgroovy.engine.support.LiblxcHost
import spock.lang.Specification
import spock.lang.TempDir

/** The engine as a named module at run time: JNA reaches the raw layer it was opened to. */
@LiblxcHost
class ModuleRunSpec extends Specification {
    @TempDir File dir

    def "a program on the module path drives liblxc through the engine module (JNA reaches the raw layer)"() {
        given:
        def main = JavaModules.source(dir, 'u/Main', """package u; import org.lxcgroovy.engine.*;
            class Main { public static void main(String[] a) {
                try (Container c = new Container("${LxcHost.PREFIX}module-nobody")) {
                    System.out.println(Lxc.version() + " " + c.isDefined() + " " + c.getState());
                } } }""")

        when:
        def errors = JavaModules.compile(dir, main)
        def java = ProcessHandle.current().info().command().get()
        def proc = [java, '--module-path', [JavaModules.ENGINE.absolutePath, JavaModules.jna(), new File(dir, 'out').path].join(File.pathSeparator),
                    '-m', 'user/u.Main'].execute()
        def out = new StringBuilder()
        def err = new StringBuilder()
        proc.waitForProcessOutput(out, err)

        then:
        errors == []
        proc.exitValue() == 0
        out.toString().trim() == "${Lxc.version()} false STOPPED"
        err.toString() == ''
    }
}
