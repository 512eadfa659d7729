package org.lxcgroovy.dsl.bench

/**
 * Cold start of the command: `bin/lxc-groovy -e 'println listContainers()'`, each run a new JVM, with and without
 * the class-data-sharing archive that `package` builds. Prints medians; asserts nothing.
 */
class StartupBench {
    static final int RUNS = 7

    static void main(String[] args) {
        File bin = new File('../bin/lxc-groovy').canonicalFile
        println "\ncold start of `lxc-groovy -e 'println listContainers()'`, median of $RUNS"
        for (String cds : ['on', 'off']) {
            List<Double> seconds = (1..RUNS).collect {
                def pb = new ProcessBuilder(bin.path, '-e', 'println listContainers()').redirectErrorStream(true)
                pb.environment().LXC_GROOVY_CDS = cds
                long t0 = System.nanoTime()
                def p = pb.start()
                p.inputStream.text
                if (p.waitFor() != 0) {
                    throw new IllegalStateException('lxc-groovy failed')
                }
                (System.nanoTime() - t0) / 1e9d
            }.sort()
            printf('  class-data sharing %-3s  %.2f s%n', cds, seconds[RUNS.intdiv(2)])
        }
    }
}
