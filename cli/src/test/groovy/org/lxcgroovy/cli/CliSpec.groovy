package org.lxcgroovy.cli

import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import picocli.CommandLine
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.MonitorSpec
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import org.lxcgroovy.engine.support.ProcessOutput

/** The lxc-groovy command as cron and a shell see it: exit statuses, error lines, #! scripts, reports, signals. */
@LiblxcHost
class CliSpec extends Specification {
    static final String NAME = LxcHost.PREFIX + 'cli'
    @Shared Container c
    @TempDir File dir

    def setupSpec() {
        c = LxcHost.busybox('cli')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    File script(String name, String text) {
        def f = new File(dir, name)
        f.text = text
        f
    }

    def "-e runs code with the API imported and its arguments as args"() {
        when:
        def r = Command.run(['-e', 'println "${version()} ${LXC_ATTACH_DEFAULT} ${args.toList()} ${container(\'' + NAME + '\').defined}"', 'a b', 'c'])

        then:
        r.exitCode == 0
        r.stdout.trim() ==~ /5\.0\.\d+ 65535 \[a b, c\] true/
    }

    def "an uncaught exception exits 2 with 'file, line N: message' and no stack trace"() {
        given:
        def f = script('broken-start.groovy', """\
            // line 1
            def c = container('${LxcHost.PREFIX}never-created')
            c.start()
            """.stripIndent())

        when:
        def r = Command.run([f.path])
        def withTrace = Command.run(['--stacktrace', f.path])

        then:
        r.exitCode == 2
        r.stderr.trim() == "broken-start.groovy, line 3: start of container '${LxcHost.PREFIX}never-created' failed: " +
                "container is not defined in /var/lib/lxc (liblxc: No container config specified)"
        !r.stderr.contains('\tat ')
        withTrace.exitCode == 2
        withTrace.stderr.contains('.run(broken-start.groovy:3)')
    }

    def "a compile error exits 2 and names the line"() {
        when:
        def r = Command.run([script('syntax.groovy', 'println "ok"\ndef x = (1 + \n').path])

        then:
        r.exitCode == 2
        r.stderr.startsWith('syntax.groovy, line ')
        r.stdout == ''
    }

    def "usage errors exit 64: unknown option, missing script, nothing to run"() {
        expect:
        Command.run(['--no-such-option']).exitCode == 64
        Command.run([new File(dir, 'missing.groovy').path]).stderr.contains('no such script file')
        Command.run([new File(dir, 'missing.groovy').path]).exitCode == 64
        Command.run([]).exitCode == 64
        Command.run(['--help']).exitCode == 0
        Command.run(['--version']).stdout.contains('liblxc 5.0.')
    }

    def "--help is the help picocli renders from the command's model, --version names the bundled Groovy; neither loads a class of Groovy's"() {
        given:
        File helpLog = new File(dir, 'help-classes.log')
        File versionLog = new File(dir, 'version-classes.log')

        when:
        def help = Command.run(['--help'], Command.ROOT, classLoadLog(helpLog))
        def version = Command.run(['--version'], Command.ROOT, classLoadLog(versionLog))
        List<String> helpClasses = helpLog.readLines()
        List<String> versionClasses = versionLog.readLines()

        then:
        help.exitCode == 0
        help.stdout == HelpText.render(CommandLine.Help.Ansi.OFF)
        version.exitCode == 0
        version.stdout.readLines()[2] == "Groovy ${GroovySystem.version}".toString()
        helpClasses.any { it.contains('org.lxcgroovy.cli.Main ') }
        versionClasses.any { it.contains('org.lxcgroovy.engine.Lxc ') }
        (helpClasses + versionClasses).findAll { it =~ /\] (groovy\.|org\.codehaus\.groovy\.|org\.apache\.groovy\.)/ } == []
    }

    /** The command's JVM logs each class it loads to {@code log}. */
    private static Map<String, String> classLoadLog(File log) {
        [LXC_GROOVY_JAVA_OPTS: "-XX:+UseSerialGC -Xlog:class+load=info:file=${log.path}".toString()]
    }

    def "--lxcpath DIR: the script's containers are those of DIR; a DIR that is not there is a usage error"() {
        given:
        File path = Files.createTempDirectory('lxcg-test-lxcpath').toFile()
        def create = new ProcessBuilder('lxc-create', '-P', path.path, '-n', "${LxcHost.PREFIX}elsewhere".toString(),
                '-t', 'busybox').redirectErrorStream(true).start()
        create.inputStream.text
        assert create.waitFor() == 0

        when:
        def listed = Command.run(['--lxcpath', path.path, '-e',
                                  "println containers()*.name; println container('${LxcHost.PREFIX}elsewhere').defined".toString()])
        def missing = Command.run(['--lxcpath', '/nonexistent/lxc', '-e', 'println 1'])

        then:
        listed.exitCode == 0
        listed.stdout.readLines() == ["[${LxcHost.PREFIX}elsewhere]".toString(), 'true']
        missing.exitCode == 64
        missing.stderr.trim() == 'lxc-groovy: --lxcpath /nonexistent/lxc: no such directory'

        cleanup:
        new ProcessBuilder('lxc-destroy', '-P', path.path, '-n', "${LxcHost.PREFIX}elsewhere".toString()).start().waitFor()
        path.deleteDir()
    }

    def "a fleet with a failed container exits 1, prints the table, and --report writes JSON"() {
        given:
        def report = new File(dir, 'report.json')
        def f = script('half.groovy', """\
            fleet(['${NAME}', '${LxcHost.PREFIX}cli-ghost'], timeout: 60) {
                ensureRunning()
                log waitForIp()
            }
            """.stripIndent())

        when:
        def r = Command.run(['--report', report.path, f.path])
        def json = new JsonSlurper().parse(report)

        then:
        r.exitCode == 1
        r.stdout.readLines().any { it ==~ /${NAME}\s+ok\s+[\d.]+\s*/ }
        r.stdout.readLines().any { it.startsWith("${LxcHost.PREFIX}cli-ghost") && it.contains('FAILED') }
        r.stdout.contains('2 containers in ')
        r.stdout.readLines().any { it ==~ /\d\d:\d\d:\d\d ${NAME} ok \(\d+\.\d\d s\)/ }   // not a terminal: stamped lines
        json.size() == 1
        json[0].failed == ["${LxcHost.PREFIX}cli-ghost"]
        json[0].containers[0].ok
        json[0].containers[0].output.any { it ==~ /10\.0\.3\.\d+/ }
        c.state == ContainerState.STOPPED
    }

    def "a fleet over a container whose monitor does not answer: the others finish ok, it is reported, the command exits 1 soon after the probe's bound"() {
        expect:
        LxcHost.withBusybox(['cli-healthy-1', 'cli-wedged', 'cli-healthy-2']) { List<Container> cs ->
            cs*.start()
            Container wedged = cs[1]
            int monitor = MonitorSpec.monitorOf(wedged.name)
            def f = script('wedged.groovy', """\
                fleet(${cs*.name.inspect()}, timeout: 30) {
                    ensureRunning()
                    log run('uname', '-n').stdout.trim()
                }
                """.stripIndent())
            assert ['kill', '-STOP', "$monitor"].execute().waitFor() == 0
            try {
                // bounded only to tell a hang (a thread left that keeps the JVM alive) from an end: the run takes
                // about the probe's 10 s
                def run = ProcessOutput.of(Command.start([Command.BIN.path, f.path]), 45, 'the fleet (its timeout and 15 s)')
                List<String> lines = run.stdout.readLines()
                assert run.exitCode == 1: lines.join('\n')
                [cs[0], cs[2]].each { x -> assert lines.any { it ==~ /${x.name}\s+ok\s+[\d.]+\s*/ }: lines.join('\n') }
                assert lines.any { it.startsWith(wedged.name) && it.contains('FAILED') }: lines.join('\n')
                assert lines.any { it.contains("the container's monitor (lxc monitor, pid $monitor) did not answer within 10 s") }: lines.join('\n')
            } finally {
                ['kill', '-CONT', "$monitor"].execute().waitFor()
            }
            assert wedged.state == ContainerState.RUNNING
            cs*.stop()
            true
        }
    }

    def "--check: the script runs in check mode, the report says what was skipped, the container is as it was"() {
        given:
        def report = new File(dir, 'check.json')
        File metrics = new File(dir, 'check.prom')
        def f = script('check.groovy', """\
            println "check mode: \${checkMode}"
            fleet(['${NAME}']) {
                ensureRunning()
                sh 'touch /root/lxcg-checked'
                log run(readOnly: true, 'uname', '-n').stdout.trim()
            }
            """.stripIndent())

        when:
        def r = Command.run(['--check', '--report', report.path, '--metrics', metrics.path, f.path])
        def json = new JsonSlurper().parse(report)
        c.start()
        boolean touched = c.run(['test', '-e', '/root/lxcg-checked']).success
        c.stop()

        then:
        r.exitCode == 0
        r.stdout.readLines()[0] == 'check mode: true'
        r.stdout.readLines().any { it ==~ /${NAME}\s+ok\s+[\d.]+\s+check: would change no package; 1 skipped/ }
        json[0].options.check == true
        json[0].containers[0].check
        json[0].containers[0].skipped == ['\$ /bin/sh -c touch /root/lxcg-checked']
        json[0].containers[0].output.contains(NAME)
        json[0].containers[0].startedByRun
        metrics.text.contains('lxcgroovy_run_check{script="check.groovy"} 1')
        !touched
        c.state == ContainerState.STOPPED
    }

    def "--lock refuses a second run of a script with exit 75 while the first holds the lock, and only then"() {
        given:
        def f = script('locked.groovy', "println 'holding'; System.out.flush(); Thread.sleep(Integer.parseInt(args[0]))\n")

        when:
        def first = Command.start([Command.BIN.path, '--lock', f.path, '8000'])
        String holding = new BufferedReader(new InputStreamReader(first.inputStream)).readLine()
        def second = Command.run(['--lock', f.path, '0'])
        def otherScript = Command.run(['--lock', script('other.groovy', 'println "free"').path])
        first.waitFor(60, TimeUnit.SECONDS)
        def third = Command.run(['--lock', f.path, '0'])

        then:
        holding == 'holding'
        second.exitCode == 75
        second.stderr.contains('another run holds /run/lock/lxc-groovy-')
        otherScript.exitCode == 0
        first.exitValue() == 0
        third.exitCode == 0

        cleanup: 'the lock files of these temporary scripts (the command never removes one: that would race)'
        [f, new File(dir, 'other.groovy')].each { ScriptRun.defaultLockFile(it.canonicalPath).toFile().delete() }
    }

    def "--lock-file FILE: -e code and two different scripts naming the same FILE exclude each other"() {
        given:
        def lockFile = new File(dir, 'maintenance.lock')
        def sleeper = script('sleeper.groovy', "println 'holding'; System.out.flush(); Thread.sleep(8000)\n")
        def other = script('other-job.groovy', 'println "ran"')

        when:
        def first = Command.start([Command.BIN.path, '--lock-file', lockFile.path, sleeper.path])
        String holding = new BufferedReader(new InputStreamReader(first.inputStream)).readLine()
        def byCode = Command.run(['--lock-file', lockFile.path, '-e', 'println "ran"'])
        def byScript = Command.run(['--lock-file', lockFile.path, other.path])
        first.waitFor(60, TimeUnit.SECONDS)
        def after = Command.run(['--lock-file', lockFile.path, '-e', 'println "ran"'])

        then:
        holding == 'holding'
        lockFile.exists()
        byCode.exitCode == 75
        byCode.stderr.contains("another run holds ${lockFile.path}")
        byScript.exitCode == 75
        byScript.stdout == ''
        first.exitValue() == 0
        after.exitCode == 0
        after.stdout.trim() == 'ran'
    }

    def "liblxc's own lines reach the terminal only with --verbose, prefixed"() {
        given: 'a snapshot of a directory-backed container, about which liblxc writes four ERROR lines'
        def code = "def c = container('${NAME}'); println c.snapshot(); c.snapshotDestroyAll()".toString()

        when:
        def quiet = Command.run(['-e', code])
        def verbose = Command.run(['--verbose', '-e', code])

        then:
        quiet.exitCode == 0
        quiet.stdout.trim() == 'snap0'
        quiet.stderr == ''
        verbose.exitCode == 0
        verbose.stderr.readLines().any { it.startsWith('liblxc: ') && it.contains('Snapshot of directory-backed container requested') }
        verbose.stderr.readLines().every { it.startsWith('liblxc: ') }
    }

    def "compiled scripts are kept by content: a second run loads them, an edited script compiles anew"() {
        given:
        def cache = new File(dir, 'cache')
        def env = [XDG_CACHE_HOME: cache.path]
        def f = script('cached.groovy', "println 'one'\n")
        def entries = { (new File(cache, 'lxc-groovy/scripts').listFiles() ?: []) as List<File> }

        when:
        def first = Command.run([f.path], Command.ROOT, env)
        File entry = entries()[0]
        long compiledAt = new File(entry, 'cached.class').lastModified()
        Thread.sleep(1100)
        def second = Command.run([f.path], Command.ROOT, env)
        f.text = "println 'two'\n"
        def edited = Command.run([f.path], Command.ROOT, env)
        f.text = "println 'three'\n"
        def uncached = Command.run(['--no-cache', f.path], Command.ROOT, env)

        then:
        first.stdout.trim() == 'one'
        second.stdout.trim() == 'one'
        new File(entry, 'cached.class').lastModified() == compiledAt    // loaded, not compiled again
        edited.stdout.trim() == 'two'
        uncached.stdout.trim() == 'three'
        entries().size() == 2
    }

    def "@Grab fetches a library through Grape (Ivy) for the script"() {
        given:
        def f = script('grab.groovy', """\
            @Grab('org.apache.commons:commons-lang3:3.14.0')
            import org.apache.commons.lang3.StringUtils
            println StringUtils.reverse('lxc-groovy')
            """.stripIndent())

        and:
        def missing = script('grab-missing.groovy', "@Grab('org.lxcgroovy.none:no-such-artifact:0.0.1')\nimport no.Such\nprintln 1\n")

        when:
        def r = Command.run([f.path])
        def failed = Command.run([missing.path])

        then:
        r.exitCode == 0
        r.stdout.trim() == 'yvoorg-cxl'
        failed.exitCode == 2
        failed.stderr.startsWith('grab-missing.groovy: Error grabbing Grapes -- [unresolved dependency: org.lxcgroovy.none#no-such-artifact;0.0.1: not found]')
    }

    def "shell: groovysh with the API imported and the DSL's functions bound"() {
        when:
        def p = Command.start([Command.BIN.path, 'shell'])
        p.outputStream.withWriter { w ->
            w << 'println "v=" + version()\n'
            w << 'println "names=" + containers("' + NAME + '*")*.name\n'
            w << 'println "state=" + new Container("' + NAME + '").state\n'
            w << 'println "flag=" + LXC_ATTACH_DEFAULT\n'
            w << 'println "fleet=" + fleet(["' + NAME + '"], quiet: true) { name.size() }.ok\n'
            w << '/exit\n'
        }
        String out = p.inputStream.text
        boolean ended = p.waitFor(60, TimeUnit.SECONDS)

        then:
        ended
        p.exitValue() == 0
        out =~ /v=5\.0\.\d+/
        out.contains("names=[${NAME}]")
        out.contains('state=STOPPED')
        out.contains('flag=65535')
        out.contains('fleet=true')
    }

    def "a script runs without groovysh's jars on its class path (the shell has them: above)"() {
        when:
        def r = Command.run(['-e', 'print System.getProperty("java.class.path")'])

        then:
        r.exitCode == 0
        r.stdout.contains('/groovy-5.')
        !(r.stdout =~ /groovy-groovysh|groovy-swing|jline/)
    }

    def "on a terminal a fleet run shows one live line per container, redrawn as it goes"() {
        given:
        def f = script('live.groovy', """\
            fleet(['${NAME}']) {
                ensureRunning()
                sh 'sleep 1'
            }
            """.stripIndent())

        when: 'script(1) gives the command a pseudo-terminal'
        def p = Command.start(['script', '-qfec', "${Command.BIN.path} ${f.path}".toString(), '/dev/null'])
        p.outputStream.close()
        String screen = p.inputStream.text
        p.waitFor(60, TimeUnit.SECONDS)

        then:
        p.exitValue() == 0
        screen.contains('\u001b[1A\r\u001b[J')                                  // cursor up, clear: redrawn
        screen =~ /${NAME}\s+running\s+\d+\.\d\d s\s+. \/bin\/sh -c sleep 1/      // the step it is at
        screen =~ /${NAME}\s+ok\s+\d+\.\d\d s/
        !(screen =~ /\d\d:\d\d:\d\d ${NAME} ok/)                               // no plain lines on a terminal
        c.state == ContainerState.STOPPED
    }

    def "a script with a #! line runs as a program, also with lxc-groovy installed as a symlink on the PATH"() {
        given:
        def f = script('hello', "#!/usr/bin/env lxc-groovy\nprintln 'hello ' + args.join(',')\n")
        f.setExecutable(true)
        def installed = new File(dir, 'usr-local-bin')
        installed.mkdirs()
        Files.createSymbolicLink(new File(installed, 'lxc-groovy').toPath(), Command.BIN.toPath())

        when:
        def p = Command.start([f.path, 'x', 'y'])
        String out = p.inputStream.text
        p.waitFor(60, TimeUnit.SECONDS)
        def viaLink = new ProcessBuilder(f.path, 'z').directory(dir)
        viaLink.environment().PATH = "${installed}:/usr/bin:/bin".toString()
        def q = viaLink.start()
        String linkOut = q.inputStream.text
        q.waitFor(60, TimeUnit.SECONDS)

        then:
        p.exitValue() == 0
        out.trim() == 'hello x,y'
        q.exitValue() == 0
        linkOut.trim() == 'hello z'
    }

    def "SIGTERM during a fleet run: the containers the run started are shut down before the command exits"() {
        given:
        def f = script('long.groovy', """\
            fleet(['${NAME}'], shutdownTimeout: 5) {
                ensureRunning()
                log 'running'
                sh 'sleep 600'
            }
            """.stripIndent())

        def report = new File(dir, 'stopped.json')

        when:
        def p = Command.start([Command.BIN.path, '--report', report.path, f.path])
        def reader = new BufferedReader(new InputStreamReader(p.inputStream))
        String first = reader.readLine()
        boolean runningBefore = c.running
        new ProcessBuilder('kill', '-TERM', p.pid().toString()).start().waitFor()  // (destroy() would close our pipes)
        boolean exited = p.waitFor(30, TimeUnit.SECONDS)
        String rest = reader.text
        def json = new JsonSlurper().parse(report)

        then:
        first == "[${NAME}] running"
        runningBefore
        exited
        p.exitValue() == 143
        c.state == ContainerState.STOPPED
        rest.contains('1 container in ')                   // the summary so far
        json[0].containers[0].container == NAME
        !json[0].containers[0].ok
        json[0].containers[0].error.startsWith('stopped: the command was told to exit')
        json[0].containers[0].output.contains('shut down')
    }
}
