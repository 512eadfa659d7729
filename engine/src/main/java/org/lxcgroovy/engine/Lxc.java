package org.lxcgroovy.engine;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lxcgroovy.engine.internal.jna.LibLxc;
import org.lxcgroovy.engine.internal.jna.NativeStrings;

/**
 * liblxc's free functions and constants, under python3-lxc's names in Java spelling. The constants keep their C
 * names so scripts read like the C and python originals.
 */
public final class Lxc {
    private Lxc() {
    }

    public static final int LXC_CREATE_QUIET = 1;
    public static final int LXC_CLONE_KEEPNAME = 1;
    public static final int LXC_CLONE_KEEPMACADDR = 1 << 1;
    public static final int LXC_CLONE_SNAPSHOT = 1 << 2;
    public static final int LXC_CLONE_KEEPBDEVTYPE = 1 << 3;
    public static final int LXC_CLONE_MAYBE_SNAPSHOT = 1 << 4;
    public static final int LXC_CLONE_ALLOW_RUNNING = 1 << 6;

    public static final int LXC_ATTACH_MOVE_TO_CGROUP = 0x00000001;
    public static final int LXC_ATTACH_DROP_CAPABILITIES = 0x00000002;
    public static final int LXC_ATTACH_SET_PERSONALITY = 0x00000004;
    public static final int LXC_ATTACH_LSM_EXEC = 0x00000008;
    public static final int LXC_ATTACH_REMOUNT_PROC_SYS = 0x00010000;
    public static final int LXC_ATTACH_LSM_NOW = 0x00020000;
    public static final int LXC_ATTACH_NO_NEW_PRIVS = 0x00040000;
    public static final int LXC_ATTACH_TERMINAL = 0x00080000;
    public static final int LXC_ATTACH_LSM_LABEL = 0x00100000;
    public static final int LXC_ATTACH_SETGROUPS = 0x00200000;
    public static final int LXC_ATTACH_DEFAULT = 0x0000FFFF;
    public static final int LXC_ATTACH_LSM = LXC_ATTACH_LSM_EXEC | LXC_ATTACH_LSM_NOW | LXC_ATTACH_LSM_LABEL;

    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    public static final int MIGRATE_PRE_DUMP = 0;
    public static final int MIGRATE_DUMP = 1;
    public static final int MIGRATE_RESTORE = 2;
    public static final int MIGRATE_FEATURE_CHECK = 3;
    public static final long FEATURE_MEM_TRACK = 1L;
    public static final long FEATURE_LAZY_PAGES = 1L << 1;

    /** Reads like python's {@code attach_wait(lxc.attach_run_command, [...])}. */
    public static final AttachFunction attachRunCommand = AttachFunction.RUN_COMMAND;
    /** Python's {@code lxc.attach_run_shell}: the user's login shell, on the JVM's terminal. */
    public static final AttachFunction attachRunShell = AttachFunction.RUN_SHELL;

    private static LibLxc lib() {
        LxcLog.file(); // liblxc's log is set up before its first call, so no reason is lost
        return LibLxc.INSTANCE;
    }

    /**
     * Loads liblxc and sets up its log now, on the calling thread, as the first call into liblxc would: for a
     * program that can do it alongside its other start-up work. A load that fails here is left for that first call:
     * it fails then with "Could not initialize class ...", whose cause is this failure (the JVM keeps it).
     */
    public static void load() {
        try {
            lib();
        } catch (LinkageError leftForTheFirstCall) {
            // the first call fails too, this failure its cause
        }
    }

    /**
     * The file this process's liblxc writes its ERROR lines to; the engine takes failure reasons from it, and
     * {@code lxc-groovy --verbose} shows it. Null when liblxc's log could not be set up.
     */
    public static Path liblxcLog() {
        return LxcLog.file();
    }

    /** liblxc's version, e.g. "5.0.2". */
    public static String version() {
        return lib().lxc_get_version();
    }

    /** go-lxc's {@code VersionAtLeast}: whether this liblxc is {@code major.minor.micro} or newer. */
    public static boolean versionAtLeast(int major, int minor, int micro) {
        String[] parts = version().split("[.~+-]");
        int[] have = new int[3];
        for (int i = 0; i < 3 && i < parts.length; i++) {
            have[i] = parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : 0;
        }
        return Arrays.compare(have, new int[] {major, minor, micro}) >= 0;
    }

    /** {@code lxc.lxcpath}: where containers live unless told otherwise. */
    public static String defaultConfigPath() {
        return globalConfigItem("lxc.lxcpath");
    }

    /** A global configuration item ({@code lxc.lxcpath}, {@code lxc.bdev.lvm.vg}, ...); null when unknown. */
    public static String globalConfigItem(String key) {
        return lib().lxc_get_global_config_item(key);
    }

    /** Whether this liblxc knows a configuration key. */
    public static boolean configItemIsSupported(String key) {
        return lib().lxc_config_item_is_supported(key) != 0;
    }

    /** Whether this liblxc has an API extension ("mount_injection", "pidfd", ...). */
    public static boolean hasApiExtension(String name) {
        return lib().lxc_has_api_extension(name) != 0;
    }

    /** personality(2) values for {@link #archToPersonality}: PER_LINUX and PER_LINUX32. */
    private static final long PER_LINUX = 0;
    private static final long PER_LINUX32 = 8;
    /** The architecture names liblxc's {@code lxc.arch} accepts, by word size. */
    private static final Set<String> ARCH_32 = Set.of("arm", "armel", "armhf", "armv7l", "athlon", "i386", "i486",
            "i586", "i686", "linux32", "mips", "mipsel", "ppc", "powerpc", "x86");
    private static final Set<String> ARCH_64 = Set.of("amd64", "arm64", "aarch64", "linux64", "mips64", "mips64el",
            "ppc64", "ppc64el", "ppc64le", "powerpc64", "s390x", "x86_64");

    /**
     * python's {@code arch_to_personality}: the personality(2) value for an architecture name as {@code lxc.arch}
     * takes it ("i686" gives PER_LINUX32, "x86_64" PER_LINUX), for the {@code personality} attach option.
     */
    public static long archToPersonality(String arch) {
        if (ARCH_32.contains(arch)) {
            return PER_LINUX32;
        }
        if (ARCH_64.contains(arch)) {
            return PER_LINUX;
        }
        throw new IllegalArgumentException("unknown architecture '" + arch + "'; known: "
                + new TreeSet<>(ARCH_32) + " and " + new TreeSet<>(ARCH_64));
    }

    /** The states liblxc can wait for. */
    public static List<String> waitStates() {
        int n = lib().lxc_get_wait_states(null);
        Pointer arr = new com.sun.jna.Memory((long) n * Native.POINTER_SIZE);
        lib().lxc_get_wait_states(arr);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(arr.getPointer((long) i * Native.POINTER_SIZE).getString(0));
        }
        return out;
    }

    /** Names of all containers (defined or running) in the default config path, sorted. */
    public static List<String> listContainers() {
        return listContainers(true, true, null);
    }

    /**
     * Names of containers in {@code configPath} (null = default): the defined ones, the active ones, or both, as
     * python's {@code list_containers(active, defined, config_path)}.
     */
    public static List<String> listContainers(boolean active, boolean defined, String configPath) {
        RootCaller.require("listContainers", null);
        PointerByReference names = new PointerByReference();
        int n;
        if (active && defined) {
            n = lib().list_all_containers(configPath, names, null);
        } else if (active) {
            n = lib().list_active_containers(configPath, names, null);
        } else if (defined) {
            n = lib().list_defined_containers(configPath, names, null);
        } else {
            return List.of();
        }
        if (n < 0) {
            throw new LxcException(LxcException.Kind.FAILED, "listContainers", null, "liblxc could not list " + (configPath == null ? defaultConfigPath() : configPath));
        }
        String[] out = NativeStrings.takeCountedStringArray(names.getValue(), n);
        Arrays.sort(out);
        return List.of(out);
    }

    /** Every container in the default config path, each a {@link Container} the caller closes. */
    public static List<Container> containers() {
        List<Container> out = new ArrayList<>();
        for (String name : listContainers()) {
            out.add(new Container(name));
        }
        return out;
    }

    /** A container of the default config path (defined or not). */
    public static Container container(String name) {
        return new Container(name);
    }

    /** The exec function of an attach, as in python. */
    public enum AttachFunction { RUN_COMMAND, RUN_SHELL }
}
