package org.lxcgroovy.cli.bench

/**
 * Cold start of the command: `bin/lxc-groovy -e 'println listContainers()'`, each run a new JVM: with the
 * class-data-sharing archive that `package` builds and the compiled-script cache, without the cache, and
 * without either. Prints medians; asserts nothing.
 */
class StartupBench {
    static final int RUNS = 7

    static void main(String[] args) {
        File bin = new File('../bin/lxc-groovy').canonicalFile
        println "\ncold start of `lxc-groovy -e 'println listContainers()'`, median of $RUNS"
        def ways = [['CDS + script cache', 'on', []], ['CDS, no script cache', 'on', ['--no-cache']],
                    ['neither', 'off', ['--no-cache']]]
        for (def way : ways) {
            List<Double> seconds = (1..RUNS).collect {
                def pb = new ProcessBuilder([bin.path] + (way[2] as List<String>) + ['-e', 'println listContainers()'])
                        .redirectErrorStream(true)
                pb.environment().LXC_GROOVY_CDS = way[1] as String
                long t0 = System.nanoTime()
                def p = pb.start()
                p.inputStream.text
                if (p.waitFor() != 0) {
                    throw new IllegalStateException('lxc-groovy failed')
                }
                (System.nanoTime() - t0) / 1e9d
            }.sort()
            printf('  %-22s %.2f s%n', way[0], seconds[RUNS.intdiv(2)])
        }
    }
}
