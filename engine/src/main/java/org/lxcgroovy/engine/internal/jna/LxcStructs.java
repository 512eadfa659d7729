package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small structs of lxccontainer.h, their layouts and how the engine fills and reads them. Who frees what is
 * said at each reader: liblxc's snapshot array and console log data are the caller's to free, exactly once.
 */
public final class LxcStructs {
    private LxcStructs() {
    }

    /** {@code struct lxc_snapshot}: what {@code snapshot_list} returns an array of. */
    @CStruct(type = "struct lxc_snapshot", header = "lxc/lxccontainer.h")
    public static final class Snapshot {
        @CSizeOf
        public static final int SIZEOF = 40;
        @COffset
        public static final int NAME = 0;
        @COffset
        public static final int COMMENT_PATHNAME = 8;
        @COffset
        public static final int TIMESTAMP = 16;
        @COffset
        public static final int LXCPATH = 24;
        @COffset
        public static final int FREE = 32;

        private Snapshot() {
        }

        /**
         * Copies {@code n} snapshots of liblxc's array as {name, comment_pathname, timestamp, lxcpath}, calls each
         * element's own {@code free} member and then frees the array.
         */
        public static List<String[]> take(Pointer array, int n) {
            List<String[]> out = new ArrayList<>();
            if (array == null) {
                return out;
            }
            try {
                for (int i = 0; i < n; i++) {
                    Pointer s = array.share((long) i * SIZEOF);
                    out.add(new String[]{string(s, NAME), string(s, COMMENT_PATHNAME), string(s, TIMESTAMP), string(s, LXCPATH)});
                    Pointer free = s.getPointer(FREE);
                    if (free != null) {
                        Function.getFunction(free).invoke(Void.class, new Object[]{s});
                    }
                }
            } finally {
                LibC.INSTANCE.free(array);
            }
            return out;
        }
    }

    /** {@code struct lxc_console_log}: {@code read_max} is in/out, {@code data} is the caller's to free. */
    @CStruct(type = "struct lxc_console_log", header = "lxc/lxccontainer.h")
    public static final class ConsoleLog {
        @CSizeOf
        public static final int SIZEOF = 24;
        @COffset
        public static final int CLEAR = 0;
        @COffset
        public static final int READ = 1;
        @COffset
        public static final int READ_MAX = 8;
        @COffset
        public static final int DATA = 16;

        private ConsoleLog() {
        }

        /** A request: clear and/or read, at most {@code readMax} bytes (0: all). */
        public static StructMemory request(boolean clear, boolean read, long readMax) {
            Memory max = new Memory(8);
            max.setLong(0, readMax);
            StructMemory log = new StructMemory(SIZEOF).pointerField(READ_MAX, max);
            log.setByte(CLEAR, (byte) (clear ? 1 : 0));
            log.setByte(READ, (byte) (read ? 1 : 0));
            return log;
        }

        /** The text liblxc returned in {@code log}; frees it. */
        public static String takeData(StructMemory log) {
            Pointer data = log.getPointer(DATA);
            if (data == null) {
                return "";
            }
            try {
                long n = log.getPointer(READ_MAX).getLong(0);
                return new String(data.getByteArray(0, (int) n), StandardCharsets.UTF_8);
            } finally {
                LibC.INSTANCE.free(data);
            }
        }
    }

    /** {@code struct lxc_log}: the argument of {@code lxc_log_init}. */
    @CStruct(type = "struct lxc_log", header = "lxc/lxccontainer.h")
    public static final class Log {
        @CSizeOf
        public static final int SIZEOF = 48;
        @COffset
        public static final int NAME = 0;
        @COffset
        public static final int LXCPATH = 8;
        @COffset
        public static final int FILE = 16;
        @COffset
        public static final int LEVEL = 24;
        @COffset
        public static final int PREFIX = 32;
        @COffset
        public static final int QUIET = 40;

        private Log() {
        }

        /** ERROR lines to {@code file}, quietly. */
        public static StructMemory toFile(String file) {
            StructMemory log = new StructMemory(SIZEOF).stringField(FILE, file).stringField(LEVEL, "ERROR");
            log.setByte(QUIET, (byte) 1);
            return log;
        }
    }

    /** {@code struct migrate_opts}: passed with its size, so liblxc knows which members we know. */
    @CStruct(type = "struct migrate_opts", header = "lxc/lxccontainer.h")
    public static final class MigrateOpts {
        @CSizeOf
        public static final int SIZEOF = 80;
        @COffset
        public static final int DIRECTORY = 0;
        @COffset
        public static final int VERBOSE = 8;
        @COffset
        public static final int STOP = 9;
        @COffset
        public static final int PREDUMP_DIR = 16;
        @COffset
        public static final int PAGESERVER_ADDRESS = 24;
        @COffset
        public static final int PAGESERVER_PORT = 32;
        @COffset
        public static final int PRESERVES_INODES = 40;
        @COffset
        public static final int ACTION_SCRIPT = 48;
        @COffset
        public static final int DISABLE_SKIP_IN_FLIGHT = 56;
        @COffset
        public static final int GHOST_LIMIT = 64;
        @COffset
        public static final int FEATURES_TO_CHECK = 72;

        private MigrateOpts() {
        }

        public static StructMemory of(String directory, boolean verbose, boolean stop, String predumpDir,
                                      String pageserverAddress, String pageserverPort, boolean preservesInodes,
                                      String actionScript, boolean disableSkipInFlight, long ghostLimit,
                                      long featuresToCheck) {
            StructMemory m = new StructMemory(SIZEOF)
                    .stringField(DIRECTORY, directory)
                    .stringField(PREDUMP_DIR, predumpDir)
                    .stringField(PAGESERVER_ADDRESS, pageserverAddress)
                    .stringField(PAGESERVER_PORT, pageserverPort)
                    .stringField(ACTION_SCRIPT, actionScript);
            m.setByte(VERBOSE, (byte) (verbose ? 1 : 0));
            m.setByte(STOP, (byte) (stop ? 1 : 0));
            m.setByte(PRESERVES_INODES, (byte) (preservesInodes ? 1 : 0));
            m.setByte(DISABLE_SKIP_IN_FLIGHT, (byte) (disableSkipInFlight ? 1 : 0));
            m.setLong(GHOST_LIMIT, ghostLimit);
            m.setLong(FEATURES_TO_CHECK, featuresToCheck);
            return m;
        }
    }

    /** {@code struct lxc_mount}: only its API version. */
    @CStruct(type = "struct lxc_mount", header = "lxc/lxccontainer.h")
    public static final class Mount {
        @CSizeOf
        public static final int SIZEOF = 4;
        @COffset
        public static final int VERSION = 0;
        public static final int LXC_MOUNT_API_V1 = 1;

        private Mount() {
        }

        public static StructMemory v1() {
            StructMemory m = new StructMemory(SIZEOF);
            m.setInt(VERSION, LXC_MOUNT_API_V1);
            return m;
        }
    }

    private static String string(Pointer p, int offset) {
        Pointer s = p.getPointer(offset);
        return s == null ? null : s.getString(0);
    }
}
