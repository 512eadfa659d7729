package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.NativeLeakProbe
import org.lxcgroovy.engine.support.LiblxcHost
import spock.lang.Specification
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * Every block liblxc hands over is freed: counted exactly, not estimated from the heap. A fresh JVM preloads
 * engine/src/test/c/liblxc-allocations.c, which records the blocks allocated with liblxc on the stack and forgets
 * them when freed; the JVM's own allocations never enter the count, so the same workload gives the same number.
 */
@LiblxcHost
class NativeLeakSpec extends Specification {

    def "1,000 rounds of every allocating query and 300 of liblxc's forking get_ips leave no liblxc block behind"() {
        expect:
        LxcHost.withBusybox(['leak']) { List<Container> cs ->
            def c = cs[0]
            c.start()
            assert c.getIps(timeout: 30)
            Map<String, List<String>> lines = probe(c.name, 1000)
            println "NativeLeakSpec: blocks still allocated by liblxc: ${lines.collectEntries { k, v -> [k, v[1]] }}"
            assert lines.queries[0..1] == ['1000', '0']
            assert lines.forking100[0..1] == ['100', '0']
            assert lines.forking200[0..1] == ['200', '0']
            // the controls keep what liblxc returns: the count sees each block, on both allocation paths
            assert lines.'control-strdup'[0..1] == ['100', '100']
            assert lines.'control-command'[0..1] == ['100', '100']
            true
        }
    }

    /** Runs NativeLeakProbe in a fresh JVM with the allocation counter preloaded; its lines by workload. */
    private static Map<String, List<String>> probe(String container, int rounds) {
        File dir = File.createTempDir('lxcg-leak')
        try {
            File lib = new File(dir, 'liblxc-allocations.so')
            def cc = ['gcc', '-O2', '-shared', '-fPIC', '-o', lib.path, 'src/test/c/liblxc-allocations.c', '-ldl'].execute()
            def ccErr = new StringBuilder()
            cc.consumeProcessErrorStream(ccErr)
            assert cc.waitFor() == 0: "gcc failed: $ccErr"
            def java = ProcessHandle.current().info().command().get()
            def pb = new ProcessBuilder(java, '-Xmx96m', '-cp', System.getProperty('java.class.path'),
                    NativeLeakProbe.name, container, rounds as String)
            pb.environment().LD_PRELOAD = lib.path
            def probe = ProcessOutput.of(pb.start(), 300, 'the leak probe')
            assert probe.exitCode == 0: probe.stderr
            Map<String, List<String>> lines = [:]
            probe.stdout.readLines().each { String line ->
                List<String> w = line.split(' ') as List<String>
                lines[w[0] == 'forking' ? 'forking' + w[1] : w[0]] = w.drop(1)
            }
            lines
        } finally {
            dir.deleteDir()
        }
    }
}
