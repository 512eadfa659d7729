package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import picocli.AutoComplete

/**
 * The bash completion script, by picocli's {@code AutoComplete} from the command's whole model (its options and
 * the subcommands, which {@link LxcGroovy} adds to its options' model). The Debian package build runs it:
 * {@code BashCompletion OUTPUT}.
 */
@CompileStatic
class BashCompletion {
    static void main(String[] args) {
        Path out = Path.of(args[0])
        Files.createDirectories(out.toAbsolutePath().parent)
        Files.writeString(out, AutoComplete.bash('lxc-groovy', LxcGroovy.commandLine()))
    }
}
