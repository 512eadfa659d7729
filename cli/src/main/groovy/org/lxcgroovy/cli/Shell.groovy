package org.lxcgroovy.cli

import java.nio.file.Files
import java.nio.file.Path
import org.apache.groovy.groovysh.Main
import org.lxcgroovy.dsl.LxcScript
import org.lxcgroovy.dsl.ScriptCompiler
import picocli.CommandLine.Command
import picocli.CommandLine.Option
import picocli.CommandLine.Parameters

/**
 * {@code lxc-groovy shell}: groovysh with the engine imported and the DSL's functions bound, so
 * {@code containers('web-*')*.state} or {@code fleet(containers()) { ... }} work as typed.
 */
@Command(name = 'shell', description = "Start groovysh with the API imported and the DSL's functions bound.")
final class Shell {
    @Parameters(paramLabel = 'GROOVYSH_ARGS', description = "Passed to groovysh.")
    List<String> args = []

    @Option(names = ['-h', '--help'], usageHelp = true, description = 'Show this help and exit.')
    boolean help

    int start() {
        forgetEmptyAliases(Path.of(System.getProperty('user.home'), '.groovy', 'aliases.json'))
        LxcScript dsl = new LxcScript() {
            Object run() { null }
        }
        Map<String, Object> bindings = [
                containers    : { Object... a -> dsl.invokeMethod('containers', a) },
                container     : { String name -> dsl.container(name) },
                listContainers: { Map options = [:] -> dsl.listContainers(options) },
                fleet         : { Object... a -> dsl.invokeMethod('fleet', a) },
        ]
        // groovysh keeps imports it loads from a file (one -e keeps only its first line's import)
        Path imports = Files.createTempFile('lxc-groovy-shell-', '.groovy')
        try {
            Files.writeString(imports, ScriptCompiler.IMPORT_STATEMENTS)
            Main.start(bindings, (['-q', '-e', "/load ${imports}".toString()] + args) as String[])
        } finally {
            Files.deleteIfExists(imports)
            dsl.closeContainers()
        }
    }

    /**
     * groovysh creates its aliases file empty and fills it at exit; a shell that died in between leaves it empty,
     * and every later groovysh fails at start parsing it ("Text must not be null or empty"). Empty is no aliases.
     */
    static void forgetEmptyAliases(Path aliases) {
        if (Files.isRegularFile(aliases) && Files.size(aliases) == 0) {
            Files.delete(aliases)
        }
    }
}
