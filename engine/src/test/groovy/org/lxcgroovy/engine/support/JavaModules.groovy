package org.lxcgroovy.engine.support

import org.lxcgroovy.engine.*

import javax.tools.Diagnostic
import javax.tools.DiagnosticCollector
import javax.tools.JavaFileObject
import javax.tools.ToolProvider

/** Compiles a small Java module {@code user} that requires the engine, against the module path only. */
class JavaModules {
    static final File ENGINE = new File('target/classes')

    static String jna() {
        System.getProperty('java.class.path').split(File.pathSeparator).find { it.contains('/jna-') }
    }

    /** Writes {@code user/NAME.java} (and the module's descriptor) under {@code dir}. */
    static File source(File dir, String name, String text) {
        def src = new File(dir, "user/${name}.java")
        src.parentFile.mkdirs()
        src.text = text
        new File(dir, 'user/module-info.java').text = 'module user { requires org.lxcgroovy.engine; }'
        src
    }

    /** javac into {@code dir/out}; the error messages. */
    static List<String> compile(File dir, File source) {
        def javac = ToolProvider.systemJavaCompiler
        def diagnostics = new DiagnosticCollector<JavaFileObject>()
        def files = javac.getStandardFileManager(null, null, null)
        def units = files.getJavaFileObjects(source, new File(dir, 'user/module-info.java'))
        def options = ['--module-path', "${ENGINE.absolutePath}${File.pathSeparator}${jna()}".toString(),
                       '--class-path', dir.path, '-d', new File(dir, 'out').path]   // not the specs' own class path
        javac.getTask(null, files, diagnostics, options, null, units).call()
        diagnostics.diagnostics.findAll { it.kind == Diagnostic.Kind.ERROR }*.getMessage(Locale.ROOT)
    }
}
