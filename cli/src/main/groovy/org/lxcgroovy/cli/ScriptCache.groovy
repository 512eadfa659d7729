package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.charset.StandardCharsets
import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.FileAlreadyExistsException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.security.MessageDigest
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.runtime.InvokerHelper
import org.codehaus.groovy.tools.GroovyClass
import org.lxcgroovy.dsl.LxcScript
import org.lxcgroovy.dsl.ScriptCompiler

/**
 * Compiled scripts kept by content, so running a script again skips the compiler: a directory per script
 * (its text, its class name, the imports, and the lxc-groovy, Groovy and Java versions hashed) holding the class files.
 * Scripts that {@code @Grab} are compiled every time: Grape adds their libraries while compiling.
 */
@CompileStatic
final class ScriptCache {
    private final Path root

    /** {@code root}: the cache directory; null compiles every time. */
    ScriptCache(Path root) {
        this.root = root
    }

    /** $XDG_CACHE_HOME/lxc-groovy/scripts, else ~/.cache/lxc-groovy/scripts. */
    static Path defaultRoot() {
        String xdg = System.getenv('XDG_CACHE_HOME')
        Path base = xdg ? Path.of(xdg) : Path.of(System.getProperty('user.home'), '.cache')
        base.resolve('lxc-groovy').resolve('scripts')
    }

    /** Compiles (or loads) {@code text} as {@code sourceName} and returns a new script bound to {@code binding}. */
    LxcScript load(String text, String sourceName, Binding binding, String version) {
        if (root == null || text.contains('@Grab')) {
            return (LxcScript) ScriptCompiler.shell(binding).parse(text, sourceName)
        }
        String className = sourceName.replaceFirst(/\.groovy$/, '')
        Path dir = root.resolve(key(text, sourceName, version))
        if (!Files.isRegularFile(dir.resolve(className + '.class'))) {
            List<GroovyClass> classes = compile(text, sourceName)
            try {
                store(classes, dir)
            } catch (IOException ignored) {
                // no cache where it cannot be written (a read-only home, say): run the classes just compiled
                def loader = new GroovyClassLoader(ScriptCompiler.classLoader)
                classes.each { GroovyClass c -> loader.defineClass(c.name, c.bytes) }
                return (LxcScript) InvokerHelper.createScript(loader.loadClass(className), binding)
            }
        }
        def loader = new URLClassLoader([dir.toUri().toURL()] as URL[], ScriptCompiler.classLoader)
        (LxcScript) InvokerHelper.createScript(loader.loadClass(className), binding)
    }

    private static List<GroovyClass> compile(String text, String sourceName) {
        def unit = new CompilationUnit(ScriptCompiler.configuration(), null, new GroovyClassLoader(ScriptCompiler.classLoader))
        unit.addSource(sourceName, text)
        unit.compile(Phases.CLASS_GENERATION)
        unit.classes
    }

    /** Writes the classes beside {@code dir} and moves them in at once, so a reader never sees half a script. */
    private static void store(List<GroovyClass> classes, Path dir) {
        Files.createDirectories(dir.parent)
        Path temp = Files.createTempDirectory(dir.parent, '.tmp-')
        try {
            classes.each { GroovyClass c -> Files.write(temp.resolve(c.name + '.class'), c.bytes) }
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE)
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException ignored) {
                // another run stored the same script first (or this file system cannot rename atomically)
            } catch (IOException e) {
                if (!Files.isDirectory(dir)) {
                    throw e
                }
            }
        } finally {
            if (Files.exists(temp)) {
                temp.toFile().deleteDir()
            }
        }
    }

    private static String key(String text, String sourceName, String version) {
        def digest = MessageDigest.getInstance('SHA-256')
        [text, sourceName, version, GroovySystem.version, System.getProperty('java.specification.version')].each {
            digest.update(it.getBytes(StandardCharsets.UTF_8))
            digest.update((byte) 0)
        }
        // what scripts import too: a snapshot build keeps its version while that changes
        ScriptCompiler.ImportsMadeFrom.CLASSES.each { Class<?> c ->
            c.getResourceAsStream("/${c.name.replace('.', '/')}.class").withCloseable { digest.update(it.readAllBytes()) }
        }
        digest.digest().encodeHex().toString().take(32)
    }
}
