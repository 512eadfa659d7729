package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * liblxc's process-wide log: {@code lxc_log_init} with a file, and the removal of the stderr echo it adds.
 *
 * <p>liblxc 5.0's {@code lxc_log_init} chains its stderr appender behind the file appender whenever a log file is
 * set, whatever {@code quiet} says, so every ERROR line would also reach the script's terminal raw. The chain is
 * reachable through the exported data symbol {@code lxc_log_category_lxc}; {@link #unchainStderr()} unlinks the
 * appender named "stderr" after checking every name on the way, and changes nothing when the layout is not the
 * expected one.
 */
public final class LxcLogging {
    private LxcLogging() {
    }

    /**
     * {@code struct lxc_log_category} and {@code struct lxc_log_appender} (liblxc's internal log.h, not installed):
     * {@code name} at 0 in both, the category's {@code appender} at 16, the appender's {@code next} at 16.
     */
    public static final int CATEGORY_NAME = 0;
    public static final int CATEGORY_APPENDER = 16;
    public static final int APPENDER_NAME = 0;
    public static final int APPENDER_NEXT = 16;

    /** {@code lxc_log_init} writing ERROR lines to {@code file}; false when liblxc refused. */
    public static boolean init(String file) {
        return LibLxc.INSTANCE.lxc_log_init(LxcStructs.Log.toFile(file)) == 0;
    }

    /** Unlinks liblxc's stderr appender from the "lxc" category; true when it was there and is gone now. */
    public static boolean unchainStderr() {
        Pointer category = NativeLibrary.getInstance(LibLxc.SONAME).getGlobalVariableAddress("lxc_log_category_lxc");
        if (!"lxc".equals(name(category, CATEGORY_NAME))) {
            return false;
        }
        Pointer appender = category.getPointer(CATEGORY_APPENDER);
        for (int hops = 0; appender != null && hops < 8; hops++) {
            Pointer next = appender.getPointer(APPENDER_NEXT);
            if (next != null && "stderr".equals(name(next, APPENDER_NAME))) {
                appender.setPointer(APPENDER_NEXT, next.getPointer(APPENDER_NEXT));
                return true;
            }
            appender = next;
        }
        return false;
    }

    /** Whether liblxc's stderr appender is chained to the "lxc" category now. */
    public static boolean stderrChained() {
        Pointer category = NativeLibrary.getInstance(LibLxc.SONAME).getGlobalVariableAddress("lxc_log_category_lxc");
        Pointer appender = category.getPointer(CATEGORY_APPENDER);
        for (int hops = 0; appender != null && hops < 8; hops++) {
            if ("stderr".equals(name(appender, APPENDER_NAME))) {
                return true;
            }
            appender = appender.getPointer(APPENDER_NEXT);
        }
        return false;
    }

    private static String name(Pointer struct, int offset) {
        Pointer p = struct.getPointer(offset);
        return p == null ? null : p.getString(0);
    }
}
