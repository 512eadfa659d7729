package org.lxcgroovy.engine

import java.util.concurrent.TimeUnit
import spock.lang.Requires
import spock.lang.Specification

/** Every string and array liblxc hands over is freed: 10,000 rounds of queries barely move RSS or the C heap. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class NativeLeakSpec extends Specification {

    def "10,000 rounds of state, config item, IPs and interfaces grow the RSS by less than 10 MB"() {
        expect:
        LxcHost.withBusybox(['leak']) { List<Container> cs ->
            def c = cs[0]
            c.start()
            assert c.getIps(timeout: 30)
            // a fresh JVM with a fixed, pre-touched heap: other specs' garbage and heap growth stay out of the RSS
            def java = ProcessHandle.current().info().command().get()
            def proc = [java, '-Xms96m', '-Xmx96m', '-XX:+AlwaysPreTouch', '-cp', System.getProperty('java.class.path'),
                        NativeLeakProbe.name, c.name, '10000'].execute()
            def out = new StringBuilder()
            def err = new StringBuilder()
            proc.consumeProcessOutput(out, err)
            assert proc.waitFor(5, TimeUnit.MINUTES)
            assert proc.exitValue() == 0: err
            def m = (out =~ /rss (\d+) (\d+) malloc (\d+) (\d+) forking (\d+) (\d+)/)[0]
            long rssGrowthKb = (m[2] as long) - (m[1] as long)
            long mallocGrowth = (m[4] as long) - (m[3] as long)
            long forkingGrowth = (m[6] as long) - (m[5] as long)
            printf('NativeLeakSpec: 10,000 rounds: RSS %+d kB, C heap in use %+d bytes; liblxc get_ips/get_interfaces x500: C heap %+d bytes%n',
                    rssGrowthKb, mallocGrowth, forkingGrowth)
            assert rssGrowthKb < 10 * 1024
            assert mallocGrowth < 256 * 1024      // a leaked string per round would be > 100 kB
            assert forkingGrowth < 256 * 1024      // 1,000 forking calls; a leaked result array each would show
            true
        }
    }
}
