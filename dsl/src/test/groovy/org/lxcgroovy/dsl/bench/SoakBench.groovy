package org.lxcgroovy.dsl.bench

import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.Structure
import java.lang.management.ManagementFactory
import javax.management.ObjectName
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.SoakSpec
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.support.LxcHost

/**
 * 200 fleet runs (start, 5 attaches, shutdown over 8 busybox containers) in one JVM: open descriptors, threads,
 * the JVM's committed native memory (NMT) and what malloc holds (liblxc's and JNA's allocations, glibc's
 * {@code mallinfo2}), printed after the first run and every 50. Asserts nothing; SoakSpec asserts the counts over 20.
 * Run: {@code ./mvnw -B -q -P bench -pl dsl test-compile exec:exec@soak-bench}.
 */
class SoakBench {
    static final int RUNS = 200

    /** glibc's {@code struct mallinfo2}: ten size_t. */
    @Structure.FieldOrder(['arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks', 'fsmblks', 'uordblks', 'fordblks', 'keepcost'])
    static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost
    }

    interface Malloc extends Library {
        Malloc C = Native.load('c', Malloc)

        MallInfo2 mallinfo2()
    }

    static void main(String[] args) {
        List<Container> cs = SoakSpec.containers('lxcg-bench-soak-')
        List<String> failed = []
        try {
            println "run  fds  threads  fds*  threads*  NMT committed  malloc in use  RSS        (* less the attach helpers and idle output threads)"
            for (int i = 1; i <= RUNS; i++) {
                FleetReport r = SoakSpec.job(cs)
                if (!r.ok) {
                    failed << "run $i: ${r.results.findAll { !it.ok }.collect { "${it.container}: ${it.error}" }}".toString()
                }
                if (i == 1 || i % 50 == 0) {
                    List<Integer> less = SoakSpec.footprint()
                    printf('%3d  %3d  %7d  %4d  %8d  %10d kB  %10d kB  %7d kB%n', i, new File('/proc/self/fd').list().length,
                            Thread.allStackTraces.size(), less[0], less[1], nmtCommittedKb(), Malloc.C.mallinfo2().uordblks.intdiv(1024),
                            LxcHost.rssKb(ProcessHandle.current().pid() as int))
                }
            }
            failed.each { println "failed: $it" }
        } finally {
            cs.each { LxcHost.dispose(it) }
        }
    }

    /** "Total: reserved=..., committed=NkB" of the JVM's native memory summary. */
    static long nmtCommittedKb() {
        String summary = ManagementFactory.platformMBeanServer.invoke(new ObjectName('com.sun.management:type=DiagnosticCommand'),
                'vmNativeMemory', [['summary'] as String[]] as Object[], [String[].name] as String[]) as String
        def m = summary =~ /Total: reserved=\d+KB, committed=(\d+)KB/
        m.find() ? m.group(1) as long : -1L
    }
}
