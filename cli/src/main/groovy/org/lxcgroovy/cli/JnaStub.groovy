package org.lxcgroovy.cli

import com.sun.jna.Platform
import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

/**
 * Copies JNA's native stub for this machine out of the JNA jar into a directory, for
 * {@code -Djna.boot.library.path}. Left to itself JNA unpacks the stub into ~/.cache or /tmp at every start and
 * loads it from there, which fails where that is mounted noexec. The Debian package's postinst runs this:
 * {@code JnaStub DIR}.
 */
@CompileStatic
class JnaStub {
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
    }
}
