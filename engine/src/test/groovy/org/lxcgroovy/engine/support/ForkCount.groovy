package org.lxcgroovy.engine.support

/**
 * Counts the processes a JVM itself creates: runs a probe's main class in a JVM of its own under {@code strace -f}
 * and counts, between two look-ups of marker paths the probe makes, the clones without CLONE_THREAD (and forks) whose
 * caller is a thread of that JVM. Threads are followed from the first process down through CLONE_THREAD; what the
 * JVM's children do (a helper, liblxc's forked children) is not counted, nor anything else on the machine.
 */
class ForkCount {
    /** Runs {@code mainClass} with {@code args} in a JVM with {@code jvmFlags}; [its stdout, the JVM's forks]. */
    static List run(List<String> jvmFlags, String mainClass, List<String> args, String begin, String end) {
        File trace = File.createTempFile('lxcg-forks', '.strace')
        try {
            String java = ProcessHandle.current().info().command().get()
            def p = new ProcessBuilder(['strace', '-f', '-qq', '-e', 'trace=clone,clone3,fork,vfork,stat,newfstatat,statx',
                                        '-o', trace.path, java] + jvmFlags +
                                       ['-cp', System.getProperty('java.class.path'), mainClass] + args)
                    .redirectErrorStream(true).start()
            String out = p.inputStream.text
            assert p.waitFor() == 0: out
            [out, forksOfFirstProcess(trace.readLines(), begin, end)]
        } finally {
            trace.delete()
        }
    }

    /** {@code lines} of {@code strace -f}, each "TID syscall...": see the class. */
    static int forksOfFirstProcess(List<String> lines, String begin, String end) {
        Set<String> jvm = [lines.first().split(' ')[0]] as Set
        Map<String, String> unfinished = [:]
        boolean measuring = false
        boolean measured = false
        int forks = 0
        for (String line : lines) {
            String tid = line.split(' ')[0]
            if (line.contains('<unfinished ...>')) {
                unfinished[tid] = line
                continue
            }
            String call = line.contains(' resumed>') ? (unfinished.remove(tid) ?: '') + line : line
            if (jvm.contains(tid) && call.contains(begin)) {
                measuring = true
            } else if (jvm.contains(tid) && call.contains(end)) {
                measured = measuring
                measuring = false
            }
            def created = call =~ /\b(clone3?|fork|vfork)\(.*= (\d+)$/
            if (created.find() && jvm.contains(tid)) {
                if (call.contains('CLONE_THREAD')) {
                    jvm << created.group(2)
                } else if (measuring) {
                    forks++
                }
            }
        }
        assert measured: "the probe's markers $begin and $end are not in the trace"
        forks
    }
}
