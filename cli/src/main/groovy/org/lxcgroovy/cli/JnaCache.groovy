package org.lxcgroovy.cli

import com.sun.jna.Platform
import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/**
 * What JNA would otherwise work out at every start, made once into a directory (the Debian package's postinst runs
 * this: {@code JnaCache DIR}): JNA's native stub for this machine, for {@code -Djna.boot.library.path} (left to
 * itself JNA unpacks the stub into ~/.cache or /tmp at every start and loads it from there, which fails where that
 * is mounted noexec), and the library directories JNA learns by running {@code ldconfig -p}, for
 * {@code -Djna.platform.library.path} (a process per start, ~15 ms of it).
 */
@CompileStatic
class JnaCache {
    /** The file of {@code DIR} that holds the library directories, one line, colon-separated. */
    static final String PLATFORM_LIBRARY_PATH = 'platform-library-path'

    static void main(String[] args) {
        String name = System.mapLibraryName('jnidispatch')
        String resource = "/com/sun/jna/${Platform.RESOURCE_PREFIX}/${name}"
        InputStream stub = Platform.getResourceAsStream(resource)
        if (stub == null) {
            System.err.println("lxc-groovy: the bundled JNA has no native stub for ${Platform.RESOURCE_PREFIX}")
            System.exit(1)
        }
        Path dir = Path.of(args[0])
        Files.createDirectories(dir)
        stub.withCloseable { Files.copy(it, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING) }
        writePlatformLibraryPath(dir)
    }

    /**
     * Lets JNA find its library directories as it does at a start (the stub loaded from {@code dir}, not unpacked)
     * and keeps them. None kept when the list would not survive the launcher's word splitting: JNA then asks ldconfig.
     */
    private static void writePlatformLibraryPath(Path dir) {
        System.setProperty('jna.boot.library.path', dir.toString())
        System.clearProperty('jna.platform.library.path')
        Class.forName('com.sun.jna.NativeLibrary', true, JnaCache.classLoader)   // its start sets the property
        String directories = System.getProperty('jna.platform.library.path')
        if (directories && !(directories =~ /[\s'"\\$`]/)) {
            Files.writeString(dir.resolve(PLATFORM_LIBRARY_PATH), directories + '\n')
        }
    }
}
