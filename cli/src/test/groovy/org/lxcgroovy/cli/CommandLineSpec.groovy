package org.lxcgroovy.cli

import spock.lang.Specification
import spock.lang.Tag
import spock.lang.TempDir

/** The command's own logic, without running a script: arguments, usage errors, class names, lock names. */
@Tag('unit')
class CommandLineSpec extends Specification {
    ByteArrayOutputStream out = new ByteArrayOutputStream()
    ByteArrayOutputStream err = new ByteArrayOutputStream()
    @TempDir File dir

    int run(String... args) {
        LxcGroovy.run(args, new PrintStream(out, true), new PrintStream(err, true))
    }

    def "usage errors exit 64 with one line and a hint"() {
        expect:
        run('--no-such-option') == 64
        err.toString().readLines() == ["lxc-groovy: Unknown option: '--no-such-option'", "Try 'lxc-groovy --help'."]
    }

    def "nothing to run is a usage error too"() {
        expect:
        run() == 64
        err.toString().trim() == 'lxc-groovy: give a script file or -e CODE; see --help'
    }

    def "--help lists every option and the exit statuses"() {
        expect:
        run('--help') == 0
        ['-e', '--report', '--metrics', '--lxcpath', '--inventory', '--limit', '--serial', '--max-fail-percent', '--forks',
         '--host-timeout', '--lock', '--lock-file', '--no-cache', '-v, --verbose', '--stacktrace'].every { out.toString().contains(it) }
        (out.toString() =~ /(?m)^  (\d+) +\S/).collect { it[1] } == ['0', '1', '2', '64', '69', '75', '130']
    }

    def "--help lists the subcommands, each with what it does"() {
        expect:
        run('--help') == 0
        out.toString() =~ /(?m)^Commands:$/
        out.toString() =~ /(?m)^\s+shell\s+Start groovysh/
        out.toString() =~ /(?m)^\s+doctor\s+Check the host/
        out.toString() =~ /(?m)^\s+recover\s+Put back what killed runs left/
    }

    def "doctor --help shows the doctor's own options and exit statuses"() {
        expect:
        run('doctor', '--help') == 0
        out.toString().startsWith('Usage: lxc-groovy doctor [-h] [--json] [--journal-dir=DIR]')
        out.toString().contains('--json')
        out.toString() =~ /(?m)^\s+1\s+a check failed$/
    }

    def "an unknown option of a subcommand is a usage error naming the subcommand's synopsis"() {
        expect:
        run('doctor', '--fix') == 64
        err.toString().trim() == 'lxc-groovy doctor: unknown argument --fix; usage: lxc-groovy doctor [--json] [--journal-dir DIR]'
    }

    def "a subcommand after the command's own options is the subcommand, and -e CODE --help is the whole help"() {
        expect: 'the doctor, not a script named doctor (the model without subcommands reads it as one)'
        run('--verbose', 'doctor', '--fix') == 64
        err.toString().trim() == 'lxc-groovy doctor: unknown argument --fix; usage: lxc-groovy doctor [--json] [--journal-dir DIR]'

        and:
        run('-e', '1', '--help') == 0
        out.toString() =~ /(?m)^\s+recover\s+Put back what killed runs left/
    }

    def "recover: its own options and exit statuses; a negative shutdown timeout is a usage error"() {
        expect:
        run('recover', '--help') == 0
        out.toString().startsWith('Usage: lxc-groovy recover [-h] [--rollback] [--journal-dir=DIR]')
        out.toString() =~ /(?m)^\s+1\s+putting a container back failed$/
        run('recover', '--shutdown-timeout', '-1') == 64
        err.toString().trim() == 'lxc-groovy recover: --shutdown-timeout must be 0 or more seconds, not -1'
    }

    def "a script's class is named after its file, made a valid Java name: #file"() {
        expect:
        ScriptRun.classNameFor(file) == className

        where:
        file                   | className
        'fleet-update.groovy'  | 'fleet_update'
        'update.groovy'        | 'update'
        'long.groovy'          | '_long'
        'in.groovy'            | '_in'
        '1st.groovy'           | '_1st'
        'a b.groovy'           | 'a_b'
    }

    def "one lock per script: the same script always names the same file, another script another"() {
        expect:
        ScriptRun.defaultLockFile('/srv/a.groovy') == ScriptRun.defaultLockFile('/srv/a.groovy')
        ScriptRun.defaultLockFile('/srv/a.groovy') != ScriptRun.defaultLockFile('/srv/b.groovy')
        ScriptRun.defaultLockFile('/srv/a.groovy').fileName.toString() ==~ /lxc-groovy-[0-9a-f]{16}\.lock/
    }

    def "a misspelt method in a @TypeChecked script is a compile error: exit 2 and a line naming it"() {
        given:
        def script = new File(dir, 'typo.groovy')
        script.text = """\
            import groovy.transform.TypeChecked

            @TypeChecked
            void job() {
                fleet(containers('lxcg-test-*')) {
                    ensureRuning()
                }
            }
            job()
            """.stripIndent()

        expect:
        run('--no-cache', script.path) == 2
        err.toString().readLines().size() == 1
        err.toString().trim() ==~ /typo\.groovy, line 6: \[Static type checking\] - Cannot find matching method .*ensureRuning\(\).*/
        out.toString() == ''
    }

    def "the shell forgets an aliases file a dead groovysh left empty (groovysh cannot start on it), and keeps a real one"() {
        given:
        def empty = new File(dir, 'aliases.json')
        empty.text = ''
        def real = new File(dir, 'kept.json')
        real.text = '{"ll":"/ls -l"}'

        when:
        Shell.forgetEmptyAliases(empty.toPath())
        Shell.forgetEmptyAliases(real.toPath())
        Shell.forgetEmptyAliases(new File(dir, 'absent.json').toPath())

        then:
        !empty.exists()
        real.text == '{"ll":"/ls -l"}'
    }
}
