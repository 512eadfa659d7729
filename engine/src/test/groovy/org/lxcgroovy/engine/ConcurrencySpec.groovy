package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.Await
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import spock.lang.Specification

/** Many threads attaching to several containers at once: right outputs, no hang, no fd growth. */
@LiblxcHost
class ConcurrencySpec extends Specification {

    def "8 threads x 250 attaches over 4 running containers"() {
        expect:
        LxcHost.withBusybox((1..4).collect { "conc-$it".toString() }) { List<Container> cs ->
            cs*.start()
            cs.each { c -> 3.times { assert c.run('true') } }  // warm: spare handles and drain threads exist
            int fdsBefore = LxcHost.openFdsLessHelpers()    // the burst may add helpers: a pool up to one per core
            def pool = Executors.newFixedThreadPool(8)
            long t0 = System.nanoTime()
            def futures = (0..<8).collect { t ->
                pool.submit({
                    List<String> wrong = []
                    for (int i = 0; i < 250; i++) {
                        def c = cs[(t + i) % 4]
                        String tag = "t$t-i$i"
                        def r = c.run('sh', '-c', 'echo "$0 $(hostname)"', tag)
                        if (r.exitCode != 0 || r.stdout != "$tag ${c.name}\n") {
                            wrong << "$tag on ${c.name}: $r ${r.stdout}"
                        }
                    }
                    wrong
                } as Callable<List<String>>)
            }
            def wrong = futures.collectMany { it.get(10, TimeUnit.MINUTES) }
            double seconds = (System.nanoTime() - t0) / 1e9
            pool.shutdown()
            assert pool.awaitTermination(10, TimeUnit.SECONDS)
            int fdsAfter = Await.settled(fdsBefore, 10) { LxcHost.openFdsLessHelpers() }   // output threads close their pipes as they end
            printf('ConcurrencySpec: 2000 attaches in %.1f s (%.1f ms each, 8 threads); fds %d -> %d%n',
                    seconds, seconds * 1000 / 2000, fdsBefore, fdsAfter)
            assert wrong == []
            assert fdsAfter == fdsBefore
            true
        }
    }
}
