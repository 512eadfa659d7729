package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import picocli.CommandLine
import picocli.CommandLine.Help.Ansi

/**
 * Renders {@code lxc-groovy --help} at build time, plain and in picocli's colours, from the same picocli model the
 * command parses with, so {@link Main} can print it without starting Groovy (a third of a second) and it cannot
 * drift from the model. The build runs it: {@code HelpText DIR}.
 */
@CompileStatic
class HelpText {
    static void main(String[] args) {
        Path dir = Path.of(args[0])
        Files.createDirectories(dir)
        writeIfChanged(dir.resolve(Main.PLAIN_HELP), render(Ansi.OFF))
        writeIfChanged(dir.resolve(Main.COLOURED_HELP), render(Ansi.ON))
    }

    /** An unchanged file keeps its time: bin/lxc-groovy uses the packaged jar only while no class file is newer. */
    private static void writeIfChanged(Path file, String text) {
        if (!Files.isRegularFile(file) || Files.readString(file, StandardCharsets.UTF_8) != text) {
            Files.writeString(file, text, StandardCharsets.UTF_8)
        }
    }

    /** What picocli prints for {@code --help} with {@code ansi}. */
    static String render(Ansi ansi) {
        CommandLine cli = LxcGroovy.commandLine()
        cli.colorScheme = CommandLine.Help.defaultColorScheme(ansi)
        def text = new StringWriter()
        cli.usage(new PrintWriter(text))
        text.toString()
    }
}
