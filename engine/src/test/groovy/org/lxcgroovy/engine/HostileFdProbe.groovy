package org.lxcgroovy.engine

import org.lxcgroovy.engine.jna.LibC

/** Runs attaches while a thread holds non-close-on-exec fds open; prints how many attaches saw a stray fd. */
class HostileFdProbe {
    static void main(String[] args) {
        def c = new Container(args[0])
        int rounds = args[1] as int
        def stop = false
        def hostile = Thread.start {
            while (!stop) {
                int fd = LibC.INSTANCE.open('/etc/hostname', LibC.O_RDONLY, 0)
                Thread.sleep(0, 200_000)
                LibC.INSTANCE.close(fd)
            }
        }
        int leaked = (1..rounds).count { c.run('sh', '-c', 'ls /proc/$$/fd; true').stdout.readLines() != ['0', '1', '2'] }
        stop = true
        hostile.join()
        c.close()
        println "leaked $leaked of $rounds"
    }
}
