package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import spock.lang.Specification

/** The engine starts containers through lxc-start: its [lxc monitor] is small, not a fork of the JVM. */
@LiblxcHost
class MonitorSpec extends Specification {

    /** The pid of the [lxc monitor] process of {@code name}. */
    static int monitorOf(String name) {
        def dir = new File('/proc').listFiles().find { f ->
            f.name.isInteger() && readCmdline(f).startsWith('[lxc monitor]') && readCmdline(f).endsWith(" $name")
        }
        assert dir: "no [lxc monitor] for $name"
        dir.name as int
    }

    private static String readCmdline(File proc) {
        try {
            new File(proc, 'cmdline').text.replace('\0', ' ').trim()
        } catch (IOException ignored) {
            ''
        }
    }

    def "the monitor of a container the engine started is as small as one lxc-start makes"() {
        given: 'a JVM with a sizeable touched heap, which an in-process start would copy into its monitor'
        byte[][] ballast = new byte[64][]
        64.times { ballast[it] = new byte[1 << 20]; Arrays.fill(ballast[it], (byte) 1) }

        expect:
        LxcHost.withBusybox(['monitor-engine', 'monitor-tool']) { List<Container> cs ->
            def (engine, tool) = cs
            engine.start()
            assert ['lxc-start', '-n', tool.name].execute().waitFor() == 0
            int ours = monitorOf(engine.name)
            int theirs = monitorOf(tool.name)
            long oursKb = LxcHost.rssKb(ours)
            long theirsKb = LxcHost.rssKb(theirs)
            long jvmKb = LxcHost.rssKb(ProcessHandle.current().pid() as int)
            printf('MonitorSpec: [lxc monitor] RSS: engine-started %d kB, lxc-start-started %d kB; this JVM %d kB%n',
                    oursKb, theirsKb, jvmKb)
            assert oursKb < 16 * 1024
            assert oursKb <= theirsKb * 1.5 + 512
            assert !new File("/proc/$ours/exe").canonicalPath.contains('java')
            assert ballast.length == 64
            engine.stop()
            tool.stop()
            true
        }
    }
}
