package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.Files
import java.nio.file.Path
import picocli.CommandLine
import picocli.CommandLine.Model.CommandSpec
import picocli.CommandLine.Model.OptionSpec

/**
 * lxc-groovy(1) in troff, from the command's own picocli model (synopsis, description, options, parameters, exit
 * statuses), so the man page cannot drift from {@code --help}. The Debian package build runs it:
 * {@code ManPage OUTPUT DATE}.
 */
@CompileStatic
class ManPage {
    static void main(String[] args) {
        Path out = Path.of(args[0])
        Files.createDirectories(out.toAbsolutePath().parent)
        Files.writeString(out, render(LxcGroovy.commandLine().commandSpec, args[1], Versions.lxcGroovy()))
    }

    static String render(CommandSpec spec, String date, String version) {
        def usage = spec.usageMessage()
        def page = new StringBuilder()
        page << ".TH LXC-GROOVY 1 \"${date}\" \"lxc-groovy ${version}\" \"User Commands\"\n"
        page << '.SH NAME\nlxc-groovy \\- run Groovy scripts that drive LXC containers\n'
        page << '.SH SYNOPSIS\n.nf\n'
        page << escape(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0).replaceFirst(/^Usage: /, '').stripTrailing()) << '\n'
        spec.subcommands().values().each { CommandLine sub -> page << escape(LxcGroovy.synopsis(sub.commandSpec)) << '\n' }
        page << '.fi\n'
        page << '.SH DESCRIPTION\n' << paragraphs(usage.description().toList() + EXTRA_DESCRIPTION)
        page << '.SH OPTIONS\n'
        options(page, spec)
        page << '.SH COMMANDS\n'
        spec.subcommands().values().each { CommandLine sub ->
            CommandSpec c = sub.commandSpec
            page << ".SS ${escape(c.qualifiedName())}\n${escape(c.usageMessage().description().join(' '))}\n"
            options(page, c)
            c.usageMessage().exitCodeList().each { String code, String meaning ->
                page << ".TP\nexit \\fB${code.trim()}\\fR\n${escape(meaning)}\n"
            }
        }
        page << '.SH EXIT STATUS\n'
        usage.exitCodeList().each { String code, String meaning ->
            page << ".TP\n.B ${code.trim()}\n${escape(meaning)}\n"
        }
        page << FIXED_SECTIONS
        page.toString()
    }

    /** Each option of {@code spec} and then its parameters, a tagged paragraph each. */
    private static void options(StringBuilder page, CommandSpec spec) {
        spec.options().each { OptionSpec o ->
            String names = o.names().collect { "\\fB${escape(it)}\\fR" }.join(', ')
            String label = o.typeInfo().isBoolean() ? '' : "=\\fI${escape(o.paramLabel())}\\fR"
            page << ".TP\n${names}${label}\n${escape(o.description().join(' '))}\n"
        }
        spec.positionalParameters().each {
            page << ".TP\n\\fI${escape(it.paramLabel())}\\fR\n${escape(it.description().join(' '))}\n"
        }
    }

    private static final List<String> EXTRA_DESCRIPTION = [
            'Scripts get the engine API (Container, Lxc, the LXC_* constants) without imports, and the DSL: ' +
                    'containers(), container(name), fleet(options, targets) { ... } running a body per container ' +
                    'in parallel, ensureRunning(), waitForIp(), run, sh, apt, file() and attachWait { ... } for ' +
                    'work inside a container.',
            'A fleet run prints one line per container and a summary; a container that fails never stops ' +
                    'the others. liblxc\'s own log lines stay off the terminal: they are in the error of the ' +
                    'operation that failed, and --verbose shows them.',
            'A script file may start with #!/usr/bin/env lxc-groovy. @Grab fetches libraries (Grape through ' +
                    'Apache Ivy). lxc-groovy drives root\'s containers and runs as root.']

    private static final String FIXED_SECTIONS = '''\
.SH ENVIRONMENT
.TP
.B LXC_GROOVY_JAVA_OPTS
Options for the Java virtual machine, in place of lxc-groovy's own (a small serial-GC JVM).
.TP
.B XDG_CACHE_HOME
Where compiled scripts are kept (default: ~/.cache/lxc-groovy/scripts).
.SH FILES
.TP
.I /usr/share/lxc-groovy/lib
The jars lxc-groovy runs on.
.TP
.I /var/cache/lxc-groovy
The class-data-sharing archive and JNA's native stub, made when the package is installed and again when the Java
runtime changes (dpkg-reconfigure lxc-groovy makes them anew).
.TP
.I /usr/share/doc/lxc-groovy/examples
Example scripts and a plain-Java program over the engine.
.SH EXAMPLES
.nf
lxc-groovy \\-e 'println listContainers()'
lxc-groovy \\-\\-report run.json fleet\\-update.groovy
.fi
.SH SEE ALSO
.BR lxc (7),
.BR lxc\\-attach (1),
.BR lxc\\-start (1),
.BR groovy (1)
'''

    private static String paragraphs(List<String> texts) {
        texts.findAll { it.trim() }.collect { ".PP\n${escape(it)}\n" }.join('')
    }

    /** Text as troff shows it: backslashes and hyphens escaped, no line taken for a request. */
    static String escape(String text) {
        text.replace('\\', '\\e').replace('-', '\\-').readLines().collect {
            it.startsWith('.') || it.startsWith("'") ? '\\&' + it : it
        }.join('\n')
    }
}
