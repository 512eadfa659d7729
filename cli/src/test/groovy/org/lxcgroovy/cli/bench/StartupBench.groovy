package org.lxcgroovy.cli.bench

/**
 * Cold start of the command: `lxc-groovy -e 'println listContainers()'`, each run a new JVM. This checkout's
 * bin/lxc-groovy with the class-data-sharing archive that `package` builds and the compiled-script cache, without
 * the cache, and without either; and, when the Debian package is installed, /usr/bin/lxc-groovy with the archive
 * its postinst made and without it; and `lxc-groovy doctor`, which should answer within two seconds. Prints medians
 * side by side; asserts nothing.
 */
class StartupBench {
    static final int RUNS = 7
    static final String INSTALLED = '/usr/bin/lxc-groovy'
    /** The installed launcher's own JVM options, less the archive. */
    static final String INSTALLED_WITHOUT_ARCHIVE = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k ' +
            '-Djna.boot.library.path=/var/cache/lxc-groovy/jna'

    static void main(String[] args) {
        String bin = new File('../bin/lxc-groovy').canonicalPath
        println "\ncold start of `lxc-groovy -e 'println listContainers()'`, median of $RUNS"
        List<List> ways = [['checkout: CDS + script cache', [bin], [:]],
                           ['checkout: CDS, no script cache', [bin, '--no-cache'], [:]],
                           ['checkout: neither', [bin, '--no-cache'], [LXC_GROOVY_CDS: 'off']]]
        if (new File(INSTALLED).exists()) {
            ways += [['package: CDS + script cache', [INSTALLED], [:]],
                     ['package: no archive', [INSTALLED], [LXC_GROOVY_JAVA_OPTS: INSTALLED_WITHOUT_ARCHIVE]]]
        } else {
            println "  (no $INSTALLED: install the Debian package for its figures)"
        }
        for (List way : ways) {
            List<String> command = (way[1] as List<String>) + ['-e', 'println listContainers()']
            printf('  %-32s %.2f s%n', way[0], median(command, way[2] as Map<String, String>))
        }
        printf('  %-32s %.2f s%n', 'checkout: doctor', median([bin, 'doctor'], [:]))
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
