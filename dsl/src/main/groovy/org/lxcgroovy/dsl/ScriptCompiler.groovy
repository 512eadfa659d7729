package org.lxcgroovy.dsl

import java.lang.reflect.Member
import java.lang.reflect.Modifier
import org.lxcgroovy.engine.Lxc
import groovy.transform.CompileStatic
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.ast.AnnotatedNode
import org.codehaus.groovy.ast.AnnotationNode
import org.codehaus.groovy.ast.ClassNode
import org.codehaus.groovy.ast.expr.ConstantExpression
import org.codehaus.groovy.ast.expr.Expression
import org.codehaus.groovy.ast.expr.ListExpression
import org.codehaus.groovy.classgen.GeneratorContext
import org.codehaus.groovy.control.CompilePhase
import org.codehaus.groovy.control.SourceUnit
import org.codehaus.groovy.control.customizers.CompilationCustomizer
import org.codehaus.groovy.control.customizers.ImportCustomizer

/** How lxc-groovy compiles scripts: {@link LxcScript} as base class, and the API imported. */
@CompileStatic
final class ScriptCompiler {
    private ScriptCompiler() {
    }

    static final List<String> STAR_IMPORTS = ['org.lxcgroovy.engine', 'org.lxcgroovy.dsl', 'java.time']
    /**
     * Lxc's public static members that scripts name bare (its constants, {@code version()}), each imported by name
     * rather than with a star, and none that the script base class has itself: a static import can win over the
     * script's own method ({@code println containers()*.name} called {@code Lxc.containers()}, the default
     * lxcpath's containers, which the script never closed, instead of {@link LxcScript#containers()}).
     */
    static final List<String> STATIC_IMPORTS = staticMembers(Lxc) - LxcScript.methods*.name
    /** The same imports as statements, a line each, for the shell. */
    static final String IMPORT_STATEMENTS = (STAR_IMPORTS.collect { "import ${it}.*".toString() } +
            STATIC_IMPORTS.collect { "import static ${Lxc.name}.${it}".toString() }).join('\n') + '\n'

    /**
     * The classes the imports above are made from: a cache of compiled scripts keys on their class files, which is
     * cheaper at start than making the imports (reflection over Lxc and LxcScript). A holder of its own, so that
     * naming them does not initialise this class.
     */
    static final class ImportsMadeFrom {
        static final List<Class<?>> CLASSES = [ScriptCompiler, LxcScript, Lxc] as List<Class<?>>
    }

    static CompilerConfiguration configuration() {
        def imports = new ImportCustomizer().addStarImports(STAR_IMPORTS as String[])
        STATIC_IMPORTS.each { imports.addStaticImport(Lxc.name, it) }
        def config = new CompilerConfiguration()
        config.scriptBaseClass = LxcScript.name
        config.addCompilationCustomizers(imports, new DslTypeChecking())
        config
    }

    private static List<String> staticMembers(Class<?> type) {
        ((type.fields as List<Member>) + (type.methods as List<Member>))
                .findAll { Member m -> Modifier.isStatic(m.modifiers) && m.declaringClass == type }*.name.unique().sort()
    }

    /** Gives every {@code @TypeChecked} of a script the DSL's type checking extension ({@link LxcTypeChecking}). */
    @CompileStatic
    private static final class DslTypeChecking extends CompilationCustomizer {
        private static final String TYPE_CHECKED = 'groovy.transform.TypeChecked'

        DslTypeChecking() {
            super(CompilePhase.CANONICALIZATION)
        }

        @Override
        void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
            List<AnnotatedNode> annotated = [classNode as AnnotatedNode] + (classNode.methods as List<AnnotatedNode>)
            annotated*.annotations.flatten().each { Object a ->
                AnnotationNode annotation = (AnnotationNode) a
                if (annotation.classNode.name == TYPE_CHECKED) {
                    Expression have = annotation.getMember('extensions')
                    ListExpression all = have instanceof ListExpression ? (ListExpression) have : new ListExpression()
                    if (have != null && !(have instanceof ListExpression)) {
                        all.addExpression(have)
                    }
                    all.addExpression(new ConstantExpression(LxcTypeChecking.name))
                    annotation.setMember('extensions', all)
                }
            }
        }
    }

    static GroovyShell shell(Binding binding) {
        new GroovyShell(ScriptCompiler.classLoader, binding, configuration())
    }
}
