package org.lxcgroovy.engine

import java.time.Duration
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Timeout

/**
 * Freeze is bounded: the engine drives the container's freezer itself and thaws it again when it does not reach
 * FROZEN in time (liblxc's freeze waits for ever: docs/liblxc.md, "Freezing").
 */
@LiblxcHost
class FreezeSpec extends Specification {
    @Shared Container c

    def setupSpec() {
        c = LxcHost.busybox('freeze')
    }

    def cleanupSpec() {
        LxcHost.dispose(c)
    }

    def cleanup() {
        if (c.running) {
            c.stop()
        }
    }

    /** Bounded as a whole so that a hang fails it; the rounds assert outcomes, never times. */
    @Timeout(900)
    def "a container frozen right after its start, 50 times: every freeze ends frozen and known to liblxc, or timed out and thawed"() {
        given:
        List<String> outcomes = []

        when:
        50.times {
            c.start()
            try {
                c.freeze(Duration.ofSeconds(5))
                outcomes << "${c.state}, waitFor ${c.waitFor(ContainerState.FROZEN, Duration.ofSeconds(5))}".toString()
                c.unfreeze()
                outcomes << "thawed: ${c.state}".toString()
            } catch (LxcException e) {
                assert e.kind == LxcException.Kind.TIMED_OUT: e.message
                assert e.reason == 'the container did not freeze within 5 s (a process in it could not be stopped); it was thawed again'
                outcomes << "timed out, then ${c.state}".toString()
            }
            c.stop()
        }

        then:
        outcomes.every { it in ['FROZEN, waitFor true', 'thawed: RUNNING', 'timed out, then RUNNING'] }
        outcomes.count { it != 'thawed: RUNNING' } == 50
        println "FreezeSpec: ${outcomes.countBy { it }}"
    }

    def "freeze with no time at all is refused; a stopped container's freeze and unfreeze say it is not running"() {
        when:
        c.freeze(Duration.ZERO)

        then:
        thrown(IllegalArgumentException)

        when:
        c.freeze()

        then:
        def e = thrown(LxcException)
        e.kind == LxcException.Kind.NOT_RUNNING
        e.operation == 'freeze'
        e.container == c.name

        when:
        c.unfreeze()

        then:
        thrown(LxcException)
    }
}
