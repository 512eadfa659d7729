package org.lxcgroovy.packaging

import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.cli.LxcGroovy
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Lxc
import picocli.CommandLine
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * The Debian package as an administrator gets it: installed by the build (install-for-tests) before this spec
 * runs. What it holds, lintian's verdict, the man page and completion against the command's own picocli model,
 * the class-data-sharing archive and JNA's stub made on the host, and a removal that leaves nothing behind.
 */
@Stepwise
@LiblxcHost
class PackageSpec extends Specification {
    static final File CACHE = new File('/var/cache/lxc-groovy')
    static final File ARCHIVE = new File(CACHE, 'lxc-groovy.jsa')
    static final File STAMP = new File(CACHE, 'java')
    @Shared File deb = new File(System.getProperty('lxcgroovy.deb.dir', 'target')).listFiles()
            .find { it.name ==~ /lxc-groovy_.*_amd64\.deb/ }
    @Shared def model = LxcGroovy.commandLine().commandSpec

    /** Runs {@code argv} (at most 2 minutes) and returns [exit, stdout, stderr]. */
    static List run(List<String> argv, Map<String, String> env = [:]) {
        def pb = new ProcessBuilder(argv)
        pb.environment().putAll(env)
        def run = ProcessOutput.of(pb.start(), 120, argv.toString())
        [run.exitCode, run.stdout, run.stderr]
    }

    static String bash(String script, Map<String, String> env = [:]) {
        def (exit, out, err) = run(['bash', '-c', script], env)
        assert exit == 0: "$script\n$out$err"
        out
    }

    /** Classes of Groovy's, picocli's and lxc-groovy's that a start of {@code lxc-groovy -e 1} loaded from lxc-groovy's archive. */
    static int classesFromArchive() {
        File log = File.createTempFile('lxcg-cds', '.log')
        try {
            def (exit, out, err) = run(['/usr/bin/lxc-groovy', '--no-cache', '-e', '1'],
                    [JAVA_TOOL_OPTIONS: "-Xlog:class+load=info:file=${log.path}".toString()])
            assert exit == 0: err
            // the JDK's own archive, which the JVM maps without ours, holds none of these
            log.readLines().count { it ==~ /\S+ (org\.lxcgroovy|groovy|org\.codehaus\.groovy|org\.apache\.groovy|picocli)\..* source: shared objects file.*/ } as int
        } finally {
            log.delete()
        }
    }

    /** The jars /usr/bin/lxc-groovy puts on its class path: [for a script, and added for the shell]. */
    static List<Set<String>> launcherClasspaths() {
        String launcher = new File('/usr/bin/lxc-groovy').text
        [(launcher =~ /classpath="(\/[^"]+)"/)[0][1], (launcher =~ /classpath="[$]classpath:([^"]+)"/)[0][1]]
                .collect { it.toString().split(':') as Set<String> }
    }

    def "the package holds the command, its attach helper, its jars, lxc-groovy(1), completion and examples"() {
        given:
        List<String> files = bash('dpkg -L lxc-groovy').readLines()

        expect:
        deb != null
        files.containsAll(['/usr/bin/lxc-groovy', '/usr/libexec/lxc-groovy/lxc-groovy-attach', '/usr/share/man/man1/lxc-groovy.1.gz',
                           '/usr/share/bash-completion/completions/lxc-groovy', '/usr/share/doc/lxc-groovy/copyright',
                           '/usr/share/doc/lxc-groovy/examples/fleet-update.groovy',
                           '/usr/share/doc/lxc-groovy/examples/FleetUpdate.java'])
        ['lxc-groovy-engine', 'lxc-groovy-dsl', 'lxc-groovy-cli', 'groovy-5', 'jna-5', 'picocli-4', 'ivy-2'].every { jar ->
            files.any { it.startsWith("/usr/share/lxc-groovy/lib/$jar") && it.endsWith('.jar') }
        }
        def (script, shellOnly) = launcherClasspaths()
        script + shellOnly == files.findAll { it.startsWith('/usr/share/lxc-groovy/lib/') && it.endsWith('.jar') } as Set
        script.disjoint(shellOnly)
        shellOnly.any { it.contains('/groovy-groovysh-') } && shellOnly.any { it.contains('/groovy-swing-') }
        new File('/usr/libexec/lxc-groovy/lxc-groovy-attach').canExecute()
        printf('PackageSpec: %s is %.1f MB, %s kB installed%n', deb.name, deb.length() / 1e6,
                bash("dpkg-deb -f ${deb.path} Installed-Size").trim())
    }

    def "the lxcgroovy.fleet collection is installed where Ansible looks by default, its plugins documented"() {
        expect:
        bash('ansible-galaxy collection list lxcgroovy.fleet') =~ /(?m)^# \/usr\/share\/ansible\/collections\/ansible_collections$/
        bash('ansible-galaxy collection list lxcgroovy.fleet') =~ /(?m)^lxcgroovy\.fleet\s+0\.1\.0\s*$/
        ['run', 'status', 'cancel'].every { bash("ansible-doc lxcgroovy.fleet.${it}").contains("lxcgroovy.fleet.${it}".toUpperCase()) }
        bash('ansible-doc -t callback lxcgroovy.fleet.report').contains('LXCGROOVY.FLEET.REPORT')
        bash('ansible-playbook -i localhost, --syntax-check lxcgroovy.fleet.run').contains('playbooks/run.yml')
    }

    def "lxc-groovy@.service and lxc-groovy@.timer pass systemd-analyze verify"() {
        when:
        def (exit, out, err) = run(['systemd-analyze', 'verify', '/lib/systemd/system/lxc-groovy@.service',
                                    '/lib/systemd/system/lxc-groovy@.timer'])

        then:
        exit == 0
        out + err == ''
        new File('/etc/lxc-groovy/jobs').isDirectory()
    }

    def "a job run as the service runs it keeps its report under /var/log/lxc-groovy/NAME, the newest LXC_GROOVY_KEEP, and its metrics"() {
        given:
        File job = new File('/etc/lxc-groovy/jobs/lxcg-test-job.groovy')
        File logs = new File('/var/log/lxc-groovy/lxcg-test-job')
        File textfiles = File.createTempDir('lxcg-test-textfiles', '')
        job.text = 'println "the job ran"\n'

        when: 'three runs, two kept'
        List<List> runs = (1..3).collect {
            run(['/usr/share/lxc-groovy/run-job', 'lxcg-test-job'], [LXC_GROOVY_KEEP: '2', LXC_GROOVY_METRICS_DIR: textfiles.path])
        }
        List<String> kept = logs.list().sort()

        then:
        runs*.get(0) == [0, 0, 0]
        runs.every { it[1].contains('the job ran') }
        kept.size() == 2
        kept.every { it ==~ /\d{8}T\d{6}\.\d{9}Z\.json/ }
        new groovy.json.JsonSlurper().parse(new File(logs, kept[1])) == []      // the job ran no fleet
        new File(textfiles, 'lxc-groovy-lxcg-test-job.prom').text.contains('lxcgroovy_run_success{script="lxcg-test-job.groovy"} 1')
        run(['/usr/share/lxc-groovy/run-job', 'lxcg-test-job'], [LXC_GROOVY_KEEP: 'all'])[0] == 64

        cleanup:
        job.delete()
        logs.deleteDir()
        textfiles.deleteDir()
    }

    def "it is built for amd64 (the attach helper is a binary) and depends on Java 17, glibc and liblxc 5"() {
        expect:
        bash("dpkg-deb -f ${deb.path} Architecture").trim() == 'amd64'
        bash("dpkg-deb -f ${deb.path} Depends").trim() ==
                'default-jre-headless (>= 2:1.17) | java17-runtime-headless, libc6 (>= 2.34), liblxc1 (>= 1:5.0), lxc'
        bash("dpkg-deb -f ${deb.path} Recommends").trim() == 'uidmap, debootstrap, lxc-templates'
        bash("dpkg-deb -f ${deb.path} Suggests").trim() == 'ansible-core'
        bash('ldd /usr/libexec/lxc-groovy/lxc-groovy-attach').readLines().any { it.contains('liblxc.so.1') }
    }

    def "the installed command attaches through the installed helper"() {
        given:
        Container c = LxcHost.running('package-helper')

        when: 'a script attaches and then names the program of the JVM\'s child that did it'
        String out = bash("""/usr/bin/lxc-groovy -e 'assert container("${c.name}").run("true").success; """ +
                """println ProcessHandle.current().children().map { it.info().command().orElse("?") }.toList()'""")

        then:
        out.trim() == '[/usr/libexec/lxc-groovy/lxc-groovy-attach]'

        cleanup:
        LxcHost.dispose(c)
    }

    def "lintian reports no errors"() {
        when:
        def (exit, out, err) = run(['lintian', '--tag-display-limit', '0', deb.path])
        println "PackageSpec: lintian: ${out.readLines() ?: 'nothing to report'}"

        then:
        !out.readLines().any { it.startsWith('E:') }
        exit == 0
    }

    def "--version names lxc-groovy's, liblxc's, Groovy's and Java's versions"() {
        when:
        def lines = bash('/usr/bin/lxc-groovy --version').readLines()

        then:
        lines.size() == 4
        lines[0] ==~ /lxc-groovy \d+\.\d+\.\d+.*/
        lines[1] == "liblxc ${Lxc.version()}"
        lines[2] == "Groovy ${GroovySystem.version}"
        lines[3] ==~ /Java \d+[.\d]* \(.+\)/
    }

    def "man lxc-groovy shows every option and exit status of the command's model, and man finds no fault in it"() {
        when:
        String page = bash('man -P cat lxc-groovy', [MANWIDTH: '200'])
        def (exit, out, warnings) = run(['man', '--warnings', '-l', '-P', 'cat', '/usr/share/man/man1/lxc-groovy.1.gz'])

        then:
        page.contains('lxc-groovy - run Groovy scripts that drive LXC containers')
        model.options().every { o -> o.names().every { page.contains(it) } && page.contains(o.description()[0]) }
        model.usageMessage().exitCodeList().every { code, meaning -> page =~ /(?m)^\s+${code.trim()}\s+\Q${meaning}\E$/ }
        exit == 0
        warnings == ''
    }

    def "man lxc-groovy shows each subcommand with its synopsis, options and exit statuses"() {
        when:
        String page = bash('man -P cat lxc-groovy', [MANWIDTH: '200'])

        then:
        model.subcommands().keySet() == ['shell', 'doctor', 'recover', 'remote'] as Set
        page.contains('lxc-groovy doctor [--json]')
        page.contains('lxc-groovy recover [--rollback]')
        page.contains('lxc-groovy remote [--protocol N] [--run-id ID]')
        model.subcommands().values()*.commandSpec.every { c ->
            page.contains(c.qualifiedName()) && page.contains(c.usageMessage().description()[0]) &&
                    c.options().every { o -> o.names().every { page.contains(it) } } &&
                    c.usageMessage().exitCodeList().every { code, meaning -> page.contains(meaning) }
        }
    }

    def "bash completion offers the subcommands, and the doctor's options after doctor"() {
        when:
        String offered = bash('''
            . /usr/share/bash-completion/completions/lxc-groovy
            function=$(complete -p lxc-groovy | sed 's/.*-F \\([^ ]*\\) .*/\\1/')
            COMP_WORDS=(lxc-groovy d); COMP_CWORD=1; COMP_LINE='lxc-groovy d'; COMP_POINT=${#COMP_LINE}
            $function 2>/dev/null
            echo "${COMPREPLY[@]}"
            COMP_WORDS=(lxc-groovy doctor --); COMP_CWORD=2; COMP_LINE='lxc-groovy doctor --'; COMP_POINT=${#COMP_LINE}
            $function 2>/dev/null
            echo "${COMPREPLY[@]}"
        ''')
        def (sub, doctor) = offered.readLines()

        then:
        sub == 'doctor'
        doctor.split(' ').toList().sort() == ['--help', '--journal-dir', '--json']
    }

    def "bash completion offers the command's options"() {
        when:
        String offered = bash('''
            . /usr/share/bash-completion/completions/lxc-groovy
            function=$(complete -p lxc-groovy | sed 's/.*-F \\([^ ]*\\) .*/\\1/')
            COMP_WORDS=(lxc-groovy --); COMP_CWORD=1; COMP_LINE='lxc-groovy --'; COMP_POINT=${#COMP_LINE}
            $function 2>/dev/null
            echo "${COMPREPLY[@]}"
            COMP_WORDS=(lxc-groovy --rep); COMP_LINE='lxc-groovy --rep'; COMP_POINT=${#COMP_LINE}
            $function 2>/dev/null
            echo "${COMPREPLY[@]}"
        ''')
        def (all, report) = offered.readLines()

        then:
        all.split(' ').toList().sort() == model.options()*.longestName().findAll { it.startsWith('--') }.sort()
        report == '--report'
    }

    def "the class-data-sharing archive is made on install for the Java runtime there, and a start loads lxc-groovy's classes from it"() {
        expect:
        ARCHIVE.file
        STAMP.text.trim() == bash('readlink -f "$(command -v java)"').trim()
        classesFromArchive() > 500
    }

    def "a stale or missing class-data archive is passed over and made anew by dpkg's trigger on /usr/lib/jvm"() {
        when: 'the archive was made for a runtime that is no longer the one on the PATH'
        STAMP.text = '/usr/lib/jvm/some-other-runtime/bin/java\n'
        int stale = classesFromArchive()
        ARCHIVE.delete()
        int none = classesFromArchive()
        String listed = bash('/usr/bin/lxc-groovy -e "println listContainers() == Lxc.listContainers()"')

        then:
        stale == 0
        none == 0
        listed == 'true\n'

        when: 'a Java package changes something under /usr/lib/jvm'
        bash('dpkg-trigger --no-await /usr/lib/jvm && dpkg --triggers-only lxc-groovy')

        then:
        ARCHIVE.file
        STAMP.text.trim() == bash('readlink -f "$(command -v java)"').trim()
        classesFromArchive() > 500
    }

    def "with /tmp and ~/.cache mounted noexec the command loads JNA's stub from /var/cache"() {
        given: 'a mount namespace of the command\'s own, where /tmp and root\'s ~/.cache are noexec'
        String noexec = 'mkdir -p "$HOME/.cache" && mount -t tmpfs -o noexec lxcg-noexec /tmp && ' +
                'mount -t tmpfs -o noexec lxcg-noexec "$HOME/.cache" && '
        String list = '/usr/bin/lxc-groovy --no-cache -e "println listContainers().size() >= 0"'

        when:
        def packaged = run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', noexec + list])
        def unpacked = run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c',
                            noexec + "LXC_GROOVY_JAVA_OPTS=-Xss512k $list"])

        then:
        packaged[0] == 0
        packaged[1] == 'true\n'
        unpacked[0] == 2
        unpacked[2].contains('failed to map segment from shared object')
    }

    def "the command starts without running ldconfig: JNA's library directories were learnt on install"() {
        given: 'the programs a start of the command runs, and those of the same start without the launcher\'s options'
        String list = '/usr/bin/lxc-groovy -e "println listContainers().size() >= 0"'
        def programsRun = { String prefix ->
            bash("strace -f -qq -e trace=execve -e signal=none -o /dev/stdout sh -c '${prefix}${list} > /dev/null'")
                    .readLines().findAll { it.contains('execve("') }.collect { (it =~ /execve\("([^"]+)"/)[0][1] }
        }

        when:
        def packaged = programsRun('')
        def unpacked = programsRun('LXC_GROOVY_JAVA_OPTS=-Xss512k ')

        then: 'JNA runs ldconfig where the launcher does not pass the directories on (the control), and not where it does'
        unpacked.contains('/sbin/ldconfig')
        !packaged.contains('/sbin/ldconfig')
        new File(CACHE, 'jna/platform-library-path').text.trim().split(':').toList().containsAll(['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu'])
    }

    def "purging the package leaves none of its files and no cache, and installing again brings them back"() {
        given:
        List<String> files = bash('dpkg -L lxc-groovy').readLines().findAll { new File(it).file }

        when:
        bash('DEBIAN_FRONTEND=noninteractive apt-get purge -y -q lxc-groovy')

        then:
        files.size() > 30
        files.findAll { new File(it).exists() } == []
        !CACHE.exists()
        !new File('/usr/share/lxc-groovy').exists()
        !new File('/var/log/lxc-groovy').exists()     // the jobs' reports (the run-job feature made some)
        !new File('/var/lib/lxc-groovy').exists()
        !new File('/run/lxc-groovy').exists()         // the fleets' container locks
        run(['dpkg-query', '-W', '-f=${Status}', 'lxc-groovy'])[1] in ['', 'unknown ok not-installed']

        when:
        long start = System.nanoTime()
        bash("DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${deb.path}")
        printf('PackageSpec: apt-get install took %.1f s (with the class-data-sharing archive)%n', (System.nanoTime() - start) / 1e9)

        then:
        files.every { new File(it).exists() }
        ARCHIVE.file
    }
}
