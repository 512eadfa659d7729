package org.lxcgroovy.engine;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs rounds of engine queries on a running container and prints RSS and glibc's in-use C heap (mallinfo2,
 * all arenas) before and after. Plain Java, and meant for a fresh JVM with a fixed, pre-touched heap, so that
 * neither Java heap growth nor compiling a dynamic language shows up as RSS.
 */
public final class NativeLeakProbe {
    private NativeLeakProbe() {
    }

    static long mallocInUse() {
        Memory info = new Memory(80); // struct mallinfo2: ten size_t; returned by value through a hidden pointer
        NativeLibrary.getInstance("c").getFunction("mallinfo2").invoke(Void.class, new Object[]{info});
        return info.getLong(7 * 8);    // uordblks: bytes in use
    }

    /** GC, then give JNA's cleaner thread time to free the native memory of collected objects. */
    static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(150);
        }
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    private static void round(Container c) {
        check(c.getState() == ContainerState.RUNNING);
        check(c.getConfigItem("lxc.uts.name").equals(c.getName()));
        check(c.getConfigItem("lxc.cap.drop") instanceof List<?>);
        check(!c.getKeys("lxc.net.0").isEmpty());
        check(c.getRunningConfigItem("lxc.uts.name").equals(c.getName()));
        check(c.getConfigFileName() != null);
        check(!c.getIps().isEmpty());
        check(!c.getInterfaces().isEmpty());
        check(!Lxc.listContainers().isEmpty());
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new AssertionError("a query returned something unexpected");
        }
    }

    public static void main(String[] args) throws Exception {
        try (Container c = new Container(args[0])) {
            int rounds = Integer.parseInt(args[1]);
            for (int i = 0; i < 3000; i++) {
                round(c); // warm up: JIT, class loading, allocator arenas
            }
            settle();
            long rss0 = rssKb();
            long heap0 = mallocInUse();
            for (int i = 0; i < rounds; i++) {
                round(c);
            }
            settle();
            long rss1 = rssKb();
            long heap1 = mallocInUse();
            for (int i = 0; i < 500; i++) {
                check(!c.getIpsFromLiblxc("inet", null, 0).isEmpty());
                check(!c.getInterfacesFromLiblxc().isEmpty());
            }
            settle();
            long heap2 = mallocInUse();
            System.out.printf("rss %d %d malloc %d %d forking %d %d%n", rss0, rss1, heap0, heap1, heap1, heap2);
        }
    }
}
