package org.lxcgroovy.engine.support

import org.lxcgroovy.engine.*

import org.lxcgroovy.engine.internal.jna.LibC

/**
 * Attaches while another thread keeps a host file open without close-on-exec most of the time (as JDK file
 * streams do), and counts the attaches whose process saw a stray fd. As a program it runs in a JVM of its own,
 * e.g. with {@code -Dlxcgroovy.forkChildGuard=false} for the control.
 */
class HostileFdProbe {
    /** The fds of an attached shell; "; true" keeps sh from exec-ing ls in its place. */
    static List<String> fdsSeenInside(Container c) {
        c.run('sh', '-c', 'ls /proc/$$/fd; true').stdout.readLines()
    }

    static int countLeaks(Container c, int rounds) {
        def stop = false
        def hostile = Thread.start {
            while (!stop) {
                int fd = LibC.INSTANCE.open('/etc/hostname', LibC.O_RDONLY, 0)
                Thread.sleep(0, 200_000)
                LibC.INSTANCE.close(fd)
            }
        }
        try {
            (1..rounds).count { fdsSeenInside(c) != ['0', '1', '2'] }
        } finally {
            stop = true
            hostile.join()
        }
    }

    static void main(String[] args) {
        def c = new Container(args[0])
        int rounds = args[1] as int
        int leaked = countLeaks(c, rounds)
        c.close()
        println "leaked $leaked of $rounds"
    }
}
