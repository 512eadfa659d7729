package org.lxcgroovy.engine

import java.lang.module.ModuleDescriptor
import java.lang.reflect.Modifier
import javax.tools.DiagnosticCollector
import javax.tools.JavaFileObject
import javax.tools.ToolProvider
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The engine's module exports its API package alone, and no exported signature carries a JNA or raw type. */
class ModuleSpec extends Specification {
    static final File CLASSES = new File('target/classes')
    @Shared ModuleDescriptor module = new File(CLASSES, 'module-info.class').withInputStream { ModuleDescriptor.read(it) }
    @TempDir File dir

    def "the module exports org.lxcgroovy.engine and nothing else; the raw layer is opened to JNA only"() {
        expect:
        module.name() == 'org.lxcgroovy.engine'
        module.exports()*.source() == ['org.lxcgroovy.engine']
        module.exports().every { !it.qualified }
        module.opens().collect { [it.source(), it.targets()] } == [['org.lxcgroovy.engine.internal.jna', ['com.sun.jna'] as Set]]
    }

    def "no public signature of an exported type mentions a JNA type or the raw layer"() {
        given: 'every public type of the exported packages, nested ones included'
        List<Class> types = publicTypes(module.exports()*.source())

        expect:
        types.containsAll([Container, Container.NicList, Lxc, AttachOptions, AttachedProcess, ContainerFiles, LxcException])
        exposing(types) == []

        and: 'the control: the same scan over the raw layer finds its pointers'
        exposing(publicTypes(['org.lxcgroovy.engine.internal.jna'])).any { it.contains('com.sun.jna.Pointer') }
    }

    private List<Class> publicTypes(List<String> packages) {
        packages.collectMany { String pkg ->
            new File(CLASSES, pkg.replace('.', '/')).listFiles().findAll { it.name.endsWith('.class') }.collect {
                Class.forName(pkg + '.' + it.name - '.class', false, getClass().classLoader)
            }
        }.findAll { Modifier.isPublic(it.modifiers) }
    }

    /** Public or protected members (and supertypes) whose signature names a JNA type or the raw layer. */
    private static List<String> exposing(List<Class> types) {
        def visible = { int m -> Modifier.isPublic(m) || Modifier.isProtected(m) }
        def exposed = { String s -> s.contains('com.sun.jna') || s.contains('.internal.') }
        types.collectMany { Class t ->
            def members = t.declaredMethods.findAll { visible(it.modifiers) }*.toGenericString() +
                    t.declaredConstructors.findAll { visible(it.modifiers) }*.toGenericString() +
                    t.declaredFields.findAll { visible(it.modifiers) }*.toGenericString() +
                    [t.genericSuperclass?.typeName ?: '', *t.genericInterfaces*.typeName]
            members.findAll(exposed).collect { "${t.name}: $it".toString() }
        }
    }

    def "on the module path, Java code can use the API but not import the raw layer"() {
        given:
        String jna = System.getProperty('java.class.path').split(File.pathSeparator).find { it.contains('/jna-') }
        def api = source('UsesApi', 'import org.lxcgroovy.engine.Container; class UsesApi { Container c; }')
        def raw = source('UsesRaw', 'import org.lxcgroovy.engine.internal.jna.LibLxc; class UsesRaw { LibLxc l; }')

        expect:
        compile(api, jna) == []
        compile(raw, jna).any { it.startsWith('package org.lxcgroovy.engine.internal.jna is not visible') && it.contains('does not export it') }
    }

    @spock.lang.Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
    def "a program on the module path drives liblxc through the engine module (JNA reaches the raw layer)"() {
        given:
        String jna = System.getProperty('java.class.path').split(File.pathSeparator).find { it.contains('/jna-') }
        def main = source('u/Main', """package u; import org.lxcgroovy.engine.*;
            class Main { public static void main(String[] a) {
                try (Container c = new Container("${LxcHost.PREFIX}module-nobody")) {
                    System.out.println(Lxc.version() + " " + c.isDefined() + " " + c.getState());
                } } }""")

        when:
        def errors = compile(main, jna)
        def java = ProcessHandle.current().info().command().get()
        def proc = [java, '--module-path', [CLASSES.absolutePath, jna, new File(dir, 'out').path].join(File.pathSeparator),
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

    private File source(String name, String text) {
        def src = new File(dir, "user/${name}.java")
        src.parentFile.mkdirs()
        src.text = text
        new File(dir, 'user/module-info.java').text = 'module user { requires org.lxcgroovy.engine; }'
        src
    }

    /** javac on the module path; the error messages. */
    private List<String> compile(File source, String jna) {
        def javac = ToolProvider.systemJavaCompiler
        def diagnostics = new DiagnosticCollector<JavaFileObject>()
        def files = javac.getStandardFileManager(null, null, null)
        def units = files.getJavaFileObjects(source, new File(dir, 'user/module-info.java'))
        def options = ['--module-path', "${CLASSES.absolutePath}${File.pathSeparator}${jna}".toString(),
                       '--class-path', dir.path, '-d', new File(dir, 'out').path]   // not the specs' own class path
        javac.getTask(null, files, diagnostics, options, null, units).call()
        diagnostics.diagnostics.findAll { it.kind == javax.tools.Diagnostic.Kind.ERROR }*.getMessage(Locale.ROOT)
    }
}
