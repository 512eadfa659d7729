package org.lxcgroovy.cli.bench

import org.lxcgroovy.cli.JnaCache

/**
 * Cold start of the command: `lxc-groovy -e 'println listContainers()'`, each run a new JVM. This checkout's
 * bin/lxc-groovy with the class-data-sharing archive that `package` builds and the compiled-script cache, without
 * the cache, and without either; and, when the Debian package is installed, /usr/bin/lxc-groovy with the archive
 * its postinst made, with a dynamic archive (what the package made before CdsArchive), with none, with groovysh's
 * jars on the class path and with JNA running ldconfig (as before), with where its time goes
 * (LXC_GROOVY_STARTUP_TIMES: the JVM's start, Groovy's runtime with the command line and liblxc alongside, the
 * dispatch, the script's compile or cache, the script itself); `--version` and `--help`; `lxc-groovy doctor`; and two
 * references that show this machine's speed: a JVM that only prints its version (the floor of any Java command)
 * and python3-lxc listing the containers.
 * Prints medians side by side; asserts nothing.
 */
class StartupBench {
    static final int RUNS = 7
    static final String INSTALLED = '/usr/bin/lxc-groovy'
    static final File JNA_CACHE = new File('/var/cache/lxc-groovy/jna')
    static final File JNA_LIBRARY_DIRS = new File(JNA_CACHE, JnaCache.PLATFORM_LIBRARY_PATH)
    /** The installed launcher's own JVM options, less the archive and the library directories it passes JNA. */
    static final String INSTALLED_WITHOUT_ARCHIVE_OR_DIRS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Djna.boot.library.path=${JNA_CACHE}"
    /** The installed launcher's own JVM options, less the archive. */
    static final String INSTALLED_WITHOUT_ARCHIVE = INSTALLED_WITHOUT_ARCHIVE_OR_DIRS +
            (JNA_LIBRARY_DIRS.file ? " -Djna.platform.library.path=${JNA_LIBRARY_DIRS.text.trim()}" : '')

    static void main(String[] args) {
        String bin = new File('../bin/lxc-groovy').canonicalPath
        println "\ncold start of `lxc-groovy -e 'println listContainers()'`, median of $RUNS"
        List<String> list = ['-e', 'println listContainers()']
        List<List> ways = [['checkout: CDS + script cache', [bin] + list, [:]],
                           ['checkout: CDS, no script cache', [bin, '--no-cache'] + list, [:]],
                           ['checkout: neither', [bin, '--no-cache'] + list, [LXC_GROOVY_CDS: 'off']]]
        if (new File(INSTALLED).exists()) {
            File script = File.createTempFile('lxcg-bench-list', '.groovy')
            script.deleteOnExit()
            script.text = 'println listContainers()\n'
            ways += [['package: CDS + script cache', [INSTALLED] + list, [:]],
                     ['package: a dynamic archive', [INSTALLED] + list, [LXC_GROOVY_JAVA_OPTS: INSTALLED_WITHOUT_ARCHIVE +
                             " -XX:SharedArchiveFile=${dynamicArchive()} -Xlog:cds=off".toString()]],
                     ['package: no archive', [INSTALLED] + list, [LXC_GROOVY_JAVA_OPTS: INSTALLED_WITHOUT_ARCHIVE]],
                     ['package: JNA runs ldconfig', [INSTALLED] + list, [LXC_GROOVY_JAVA_OPTS: INSTALLED_WITHOUT_ARCHIVE_OR_DIRS +
                             ' -XX:SharedArchiveFile=/var/cache/lxc-groovy/lxc-groovy.jsa -Xlog:cds=off']],
                     ['package: the same as a script file', [INSTALLED, script.path], [:]],
                     // a script argument `shell` makes the launcher add groovysh's jars; the script ignores it
                     ['package: the file, the shell\'s jars', [INSTALLED, script.path, 'shell'], [:]]]
        } else {
            println "  (no $INSTALLED: install the Debian package for its figures)"
        }
        for (List way : ways) {
            printf('  %-36s %.2f s%n', way[0], median(way[1] as List<String>, way[2] as Map<String, String>))
        }
        String command = new File(INSTALLED).exists() ? INSTALLED : bin
        printf('  %-36s %.2f s%n', 'checkout: doctor', median([bin, 'doctor'], [:]))
        ['--version', '--help'].each { printf('  %-36s %.2f s%n', "${command == INSTALLED ? 'package' : 'checkout'}: $it", median([command, it], [:])) }
        printf('  %-36s %.2f s%n', 'reference: java -version', median(['java', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-version'], [:]))
        if (new File('/usr/lib/python3/dist-packages/lxc').exists()) {
            printf('  %-36s %.2f s%n', 'reference: python3-lxc', median(['/usr/bin/python3', '-c', 'import lxc; print(lxc.list_containers())'], [:]))
        }
        println "where the time of $command -e 'println listContainers()' goes, medians of $RUNS:"
        phases(command).each { String phase, Double seconds -> printf('  %-42s %.3f s%n', phase, seconds) }
    }

    /**
     * What the package's archive was before CdsArchive, for comparison: a dynamic archive over the JDK's, recorded
     * at the exit of the same kind of run (it cannot hold picocli's Java 5 classes).
     */
    static String dynamicArchive() {
        File archive = File.createTempFile('lxcg-bench-dynamic', '.jsa')
        archive.delete()
        archive.deleteOnExit()
        def pb = new ProcessBuilder(INSTALLED, '--no-cache', '-e', 'println listContainers()').redirectErrorStream(true)
        pb.environment().put('LXC_GROOVY_JAVA_OPTS', "${INSTALLED_WITHOUT_ARCHIVE} -XX:ArchiveClassesAtExit=${archive} -Xlog:cds=off".toString())
        def p = pb.start()
        String out = p.inputStream.text
        assert p.waitFor() == 0 && archive.file: "no dynamic archive: $out"
        archive.path
    }

    /** The median of each start-up phase the command reports with LXC_GROOVY_STARTUP_TIMES set. */
    static Map<String, Double> phases(String command) {
        List<Map<String, Double>> runs = (1..RUNS).collect {
            def pb = new ProcessBuilder(command, '-e', 'println listContainers()')
            pb.environment().put('LXC_GROOVY_STARTUP_TIMES', '1')
            def p = pb.start()
            p.inputStream.text
            String line = p.errorStream.text.readLines().find { it.startsWith('startup: ') }
            assert p.waitFor() == 0 && line: "no start-up times from $command"
            line.substring('startup: '.length()).split(', ').collectEntries { String part ->
                def m = part =~ /(.+) ([\d.]+) s/
                m.find() ? [(m.group(1)): m.group(2) as double] : [:]
            } as Map<String, Double>
        }
        runs[0].keySet().collectEntries { String phase ->
            List<Double> values = runs.collect { it[phase] }.sort()
            [(phase): values[RUNS.intdiv(2)]]
        } as Map<String, Double>
    }

    /** The median wall time of {@code command} over {@link #RUNS} runs; the doctor's exit 1 (a failed check) counts too. */
    static double median(List<String> command, Map<String, String> env) {
        List<Double> seconds = (1..RUNS).collect {
            def pb = new ProcessBuilder(command).redirectErrorStream(true)
            pb.environment().putAll(env)
            long t0 = System.nanoTime()
            def p = pb.start()
            String out = p.inputStream.text
            if (p.waitFor() > 1) {
                throw new IllegalStateException("${command} failed: $out")
            }
            (System.nanoTime() - t0) / 1e9d
        }.sort()
        seconds[RUNS.intdiv(2)]
    }
}
