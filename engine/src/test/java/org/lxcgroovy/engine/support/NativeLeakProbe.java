package org.lxcgroovy.engine.support;

import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.ContainerState;
import org.lxcgroovy.engine.Lxc;
import org.lxcgroovy.engine.LiblxcSeams;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.function.Consumer;
import org.lxcgroovy.engine.internal.jna.LxcContainerAbi;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * Counts the heap blocks liblxc allocates during fixed workloads and that are still allocated afterwards, in a
 * JVM that preloads {@code liblxc-allocations.so} (engine/src/test/c). Only blocks allocated with a liblxc frame
 * on the stack are counted, so the figure does not move with the JVM's own allocations: with the same workload
 * it is the same number every run. Prints one line per workload: {@code name rounds blocks sites...}; the last,
 * a control that leaks on purpose, shows that the count sees a leak.
 */
public final class NativeLeakProbe {
    private static final NativeLibrary PROCESS = NativeLibrary.getProcess();

    private NativeLeakProbe() {
    }

    private static void arm(boolean on) {
        PROCESS.getFunction("liblxc_allocations_arm").invoke(new Object[]{on ? 1 : 0});
    }

    private static long outstanding() {
        return PROCESS.getFunction("liblxc_allocations_outstanding").invokeLong(new Object[0]);
    }

    private static String sites() {
        Memory buf = new Memory(4096);
        PROCESS.getFunction("liblxc_allocations_sites").invokeInt(new Object[]{buf, 4096});
        return buf.getString(0).trim().replace('\n', ',');
    }

    /** Every engine query that takes something liblxc allocated for the caller (strings, arrays, lists). */
    private static void queries(Container c) {
        check(c.getState() == ContainerState.RUNNING);
        check(c.getConfigItem("lxc.uts.name").equals(c.getName()));
        check(c.getConfigItem("lxc.cap.drop") instanceof List<?>);
        check(!c.getKeys("lxc.net.0").isEmpty());
        check(c.getRunningConfigItem("lxc.uts.name").equals(c.getName()));
        check(c.getConfigFileName() != null);
        check(!c.getCgroupItem("pids.current").isEmpty());
        check(c.snapshotList().isEmpty());
        check(!c.getIps().isEmpty());
        check(!c.getInterfaces().isEmpty());
        check(!Lxc.listContainers().isEmpty());
        check(Lxc.listContainers(true, true, null).contains(c.getName()));
    }

    /** liblxc's own get_ips and get_interfaces, which fork the caller into the container's network namespace. */
    private static void forkingQueries(Container c) {
        check(!LiblxcSeams.getIps(c, "inet", null, 0).isEmpty());
        check(!LiblxcSeams.getInterfaces(c).isEmpty());
    }

    /** The control: liblxc's config_file_name() called raw and its malloc'd result never freed, one block a call. */
    private static void unfreedControl(LxcHandle h) {
        Pointer fn = h.pointer().getPointer(LxcContainerAbi.CONFIG_FILE_NAME);
        check(Function.getFunction(fn).invoke(Pointer.class, new Object[]{h.pointer()}) != null);
    }

    /** The second control: get_running_config_item's result (allocated deep in liblxc's command code) kept. */
    private static void unfreedRunningItem(LxcHandle h) {
        Pointer fn = h.pointer().getPointer(LxcContainerAbi.GET_RUNNING_CONFIG_ITEM);
        check(Function.getFunction(fn).invoke(Pointer.class, new Object[]{h.pointer(), "lxc.uts.name"}) != null);
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new AssertionError("a query returned something unexpected");
        }
    }

    private static <T> void measure(String name, int rounds, T c, Consumer<T> work) {
        long before = outstanding();
        arm(true);
        for (int i = 0; i < rounds; i++) {
            work.accept(c);
        }
        arm(false);
        System.out.printf("%s %d %d %s%n", name, rounds, outstanding() - before, sites());
    }

    public static void main(String[] args) {
        if (PROCESS.getFunction("liblxc_allocations_outstanding") == null) {
            throw new IllegalStateException("run with LD_PRELOAD=liblxc-allocations.so");
        }
        try (Container c = new Container(args[0])) {
            int rounds = Integer.parseInt(args[1]);
            for (int i = 0; i < 50; i++) {
                queries(c);          // warm up: spare handles, liblxc's one-time caches, JNA's function objects
                forkingQueries(c);
            }
            measure("queries", rounds, c, NativeLeakProbe::queries);
            measure("forking", rounds / 10, c, NativeLeakProbe::forkingQueries);
            measure("forking", rounds / 5, c, NativeLeakProbe::forkingQueries);
            try (LxcHandle raw = LxcHandle.lxc_container_new(c.getName(), null)) {
                measure("control-strdup", 100, raw, NativeLeakProbe::unfreedControl);
                measure("control-command", 100, raw, NativeLeakProbe::unfreedRunningItem);
            }
        }
    }

}
