package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.JavaModules
import java.lang.module.ModuleDescriptor
import java.lang.reflect.Modifier
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/**
 * The engine's module exports its API and its Groovy surface alone; no exported signature carries a JNA or raw
 * type, and the typed API takes no untyped value.
 */
@Tag('unit')
class ModuleSpec extends Specification {
    static final File CLASSES = JavaModules.ENGINE
    @Shared ModuleDescriptor module = new File(CLASSES, 'module-info.class').withInputStream { ModuleDescriptor.read(it) }
    @TempDir File dir

    def "the module exports the API and its Groovy surface, nothing else"() {
        expect:
        module.name() == 'org.lxcgroovy.engine'
        module.exports()*.source().sort() == ['org.lxcgroovy.engine', 'org.lxcgroovy.engine.groovy']
        module.exports().every { !it.qualified }
    }

    def "the raw layer is opened to JNA only"() {
        expect:
        module.opens().collect { [it.source(), it.targets()] } == [['org.lxcgroovy.engine.internal.jna', ['com.sun.jna'] as Set]]
    }

    def "no public member of the API package takes an untyped map, an Object or a Closure"() {
        given:
        List<Class> api = publicTypes(['org.lxcgroovy.engine'])

        expect:
        api.collectMany { untypedParameters(it) } == []

        and: 'the control: the Groovy surface takes them, and the scan finds them there'
        untypedParameters(org.lxcgroovy.engine.groovy.ContainerMethods).any { it.contains('java.util.Map<java.lang.String, ?>') }
        untypedParameters(org.lxcgroovy.engine.groovy.OptionMaps).any { it.contains('(java.lang.Object)') }
    }

    def "liblxc's own forking calls (test seams) and the doctor's host facts are not public API"() {
        expect:
        !Modifier.isPublic(Container.getDeclaredMethod('getIpsFromLiblxc', String, String, int).modifiers)
        !Modifier.isPublic(Container.getDeclaredMethod('getInterfacesFromLiblxc').modifiers)
        publicTypes(module.exports()*.source()).every { !it.name.endsWith('.HostFacts') }
        !module.exports()*.source().any { it.contains('internal') }
    }

    /**
     * Public or protected methods and constructors of {@code t} with a parameter of type Object, Closure, or a Map
     * whose values are untyped (raw, {@code ?} or Object); {@code equals(Object)} is Java's own.
     */
    private static List<String> untypedParameters(Class t) {
        def visible = { int m -> Modifier.isPublic(m) || Modifier.isProtected(m) }
        def untyped = { java.lang.reflect.Type p ->
            String n = p.typeName
            n == 'java.lang.Object' || n == 'java.lang.Object[]' || n.startsWith('groovy.lang.Closure') ||
                    n == 'java.util.Map' || n ==~ /java\.util\.Map<.*, (\?|java\.lang\.Object)>/
        }
        (t.declaredMethods.findAll { visible(it.modifiers) && !(it.name == 'equals' && it.parameterCount == 1) } +
                t.declaredConstructors.findAll { visible(it.modifiers) })
                .findAll { it.genericParameterTypes.any(untyped) }
                .collect { "${t.simpleName}: ${it.toGenericString()}".toString() }
    }

    def "no public signature of an exported type mentions a JNA type or the raw layer"() {
        given: 'every public type of the exported packages, nested ones included'
        List<Class> types = publicTypes(module.exports()*.source())

        expect:
        types.containsAll([Container, NicList, Lxc, AttachOptions, AttachedProcess, ContainerFiles, LxcException])
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
        def api = JavaModules.source(dir, 'UsesApi', 'import org.lxcgroovy.engine.Container; class UsesApi { Container c; }')
        def raw = JavaModules.source(dir, 'UsesRaw', 'import org.lxcgroovy.engine.internal.jna.LibLxc; class UsesRaw { LibLxc l; }')

        expect:
        JavaModules.compile(dir, api) == []
        JavaModules.compile(dir, raw).any { it.startsWith('package org.lxcgroovy.engine.internal.jna is not visible') && it.contains('does not export it') }
    }
}
