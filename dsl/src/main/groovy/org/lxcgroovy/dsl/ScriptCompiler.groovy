package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.customizers.ImportCustomizer

/** How lxc-groovy compiles scripts: {@link LxcScript} as base class, and the API imported. */
@CompileStatic
final class ScriptCompiler {
    private ScriptCompiler() {
    }

    static final List<String> STAR_IMPORTS = ['org.lxcgroovy.engine', 'org.lxcgroovy.dsl', 'java.time']
    static final String STATIC_STAR_IMPORT = 'org.lxcgroovy.engine.Lxc'
    /** The same imports as statements, a line each, for the shell. */
    static final String IMPORT_STATEMENTS = (STAR_IMPORTS.collect { "import ${it}.*".toString() } +
            ["import static ${STATIC_STAR_IMPORT}.*".toString()]).join('\n') + '\n'

    static CompilerConfiguration configuration() {
        def imports = new ImportCustomizer()
                .addStarImports(STAR_IMPORTS as String[])
                .addStaticStars(STATIC_STAR_IMPORT)
        def config = new CompilerConfiguration()
        config.scriptBaseClass = LxcScript.name
        config.addCompilationCustomizers(imports)
        config
    }

    static GroovyShell shell(Binding binding) {
        new GroovyShell(ScriptCompiler.classLoader, binding, configuration())
    }
}
