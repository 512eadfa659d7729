package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.customizers.ImportCustomizer

/** How lxc-groovy compiles scripts: {@link LxcScript} as base class, and the API imported. */
@CompileStatic
final class ScriptCompiler {
    private ScriptCompiler() {
    }

    static CompilerConfiguration configuration() {
        def imports = new ImportCustomizer()
                .addStarImports('org.lxcgroovy.engine', 'org.lxcgroovy.dsl', 'java.time')
                .addStaticStars('org.lxcgroovy.engine.Lxc')
        def config = new CompilerConfiguration()
        config.scriptBaseClass = LxcScript.name
        config.addCompilationCustomizers(imports)
        config
    }

    static GroovyShell shell(Binding binding) {
        new GroovyShell(ScriptCompiler.classLoader, binding, configuration())
    }
}
