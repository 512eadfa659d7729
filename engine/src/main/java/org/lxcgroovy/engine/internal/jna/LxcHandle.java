package org.lxcgroovy.engine.internal.jna;

import static org.lxcgroovy.engine.internal.jna.LxcContainerAbi.*;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reference to a liblxc {@code struct lxc_container}, with its members callable under their C names.
 * Calls go through the raw pointer (never a JNA Structure copy, which would write stale fields back over liblxc's
 * live struct). A handle must not be used by two threads at once: liblxc's per-struct lock would be inherited
 * locked by a concurrent attach's fork. {@link #close()} puts the reference back exactly once.
 */
public final class LxcHandle implements AutoCloseable {
    private final Pointer c;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LxcHandle(Pointer c) {
        this.c = c;
    }

    /** {@code lxc_container_new}; null when liblxc returns NULL. */
    public static LxcHandle lxc_container_new(String name, String configPath) {
        Pointer p = LibLxc.INSTANCE.lxc_container_new(name, configPath);
        return p == null ? null : new LxcHandle(p);
    }

    /** Takes over a reference liblxc handed out (e.g. the result of {@code clone}). */
    public static LxcHandle adopt(Pointer p) {
        return p == null ? null : new LxcHandle(p);
    }

    public Pointer pointer() {
        ensureOpen();
        return c;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LibLxc.INSTANCE.lxc_container_put(c);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("liblxc container handle already released");
        }
    }

    private Function member(int offset) {
        ensureOpen();
        Pointer fp = c.getPointer(offset);
        if (fp == null) {
            throw new UnsupportedOperationException("liblxc has no function at struct offset " + offset);
        }
        return Function.getFunction(fp);
    }

    private Object[] withSelf(Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = c;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private boolean callBool(int offset, Object... args) {
        return (Byte) member(offset).invoke(Byte.class, withSelf(args)) != 0;
    }

    private int callInt(int offset, Object... args) {
        return member(offset).invokeInt(withSelf(args));
    }

    /** A {@code char*} result the caller must free. */
    private String callOwnedString(int offset, Object... args) {
        Pointer p = (Pointer) member(offset).invoke(Pointer.class, withSelf(args));
        return NativeStrings.takeString(p);
    }

    /** A static {@code const char*} result; never freed. */
    private String callStaticString(int offset, Object... args) {
        Pointer p = (Pointer) member(offset).invoke(Pointer.class, withSelf(args));
        return p == null ? null : p.getString(0);
    }

    /** The sized-getter protocol: ask for the length with (NULL, 0), then fetch with len+1. Null when len < 0. */
    private String callSized(int offset, String key) {
        Function f = member(offset);
        int len = f.invokeInt(withSelf(key, null, 0));
        if (len < 0) {
            return null;
        }
        Memory buf = new Memory(len + 1L);
        buf.clear();
        int got = f.invokeInt(withSelf(key, buf, len + 1));
        if (got < 0) {
            return null;
        }
        return buf.getString(0);
    }

    public String error_string() {
        ensureOpen();
        Pointer p = c.getPointer(ERROR_STRING);
        return p == null ? null : p.getString(0);
    }

    public int error_num() {
        ensureOpen();
        return c.getInt(ERROR_NUM);
    }

    public boolean daemonize() {
        ensureOpen();
        return c.getByte(DAEMONIZE) != 0;
    }

    public boolean is_defined() {
        return callBool(IS_DEFINED);
    }

    public String state() {
        return callStaticString(STATE);
    }

    public boolean is_running() {
        return callBool(IS_RUNNING);
    }

    public boolean freeze() {
        return callBool(FREEZE);
    }

    public boolean unfreeze() {
        return callBool(UNFREEZE);
    }

    public int init_pid() {
        return callInt(INIT_PID);
    }

    public boolean load_config(String altFile) {
        return callBool(LOAD_CONFIG, altFile);
    }

    /**
     * In-process start. Not used by the engine's {@code Container}: its daemonized monitor would be a fork of the
     * JVM for the container's whole life. Kept for completeness of the mapping.
     */
    public boolean start(int useinit, String[] argv) {
        return callBool(START, useinit, argv == null ? null : new StringArray(argv));
    }

    public boolean stop() {
        return callBool(STOP);
    }

    public boolean want_daemonize(boolean state) {
        return callBool(WANT_DAEMONIZE, (byte) (state ? 1 : 0));
    }

    public boolean want_close_all_fds(boolean state) {
        return callBool(WANT_CLOSE_ALL_FDS, (byte) (state ? 1 : 0));
    }

    public String config_file_name() {
        return callOwnedString(CONFIG_FILE_NAME);
    }

    public boolean wait(String state, int timeoutSeconds) {
        return callBool(WAIT, state, timeoutSeconds);
    }

    public boolean set_config_item(String key, String value) {
        return callBool(SET_CONFIG_ITEM, key, value);
    }

    public boolean destroy() {
        return callBool(DESTROY);
    }

    public boolean save_config(String altFile) {
        return callBool(SAVE_CONFIG, altFile);
    }

    /** In-process create; the engine's {@code Container} runs {@code lxc-create} instead, to capture the template's output. */
    public boolean create(String template, String bdevtype, Pointer specs, int flags, String[] argv) {
        return callBool(CREATE, template, bdevtype, specs, flags, argv == null ? null : new StringArray(argv));
    }

    public boolean rename(String newName) {
        return callBool(RENAME, newName);
    }

    public boolean reboot() {
        return callBool(REBOOT);
    }

    public boolean shutdown(int timeoutSeconds) {
        return callBool(SHUTDOWN, timeoutSeconds);
    }

    public void clear_config() {
        member(CLEAR_CONFIG).invoke(Void.class, withSelf());
    }

    public boolean clear_config_item(String key) {
        return callBool(CLEAR_CONFIG_ITEM, key);
    }

    /** Null for an unknown key; "" for an empty value. */
    public String get_config_item(String key) {
        return callSized(GET_CONFIG_ITEM, key);
    }

    public String get_running_config_item(String key) {
        return callOwnedString(GET_RUNNING_CONFIG_ITEM, key);
    }

    public String get_keys(String prefix) {
        return callSized(GET_KEYS, prefix);
    }

    /** Forks the caller into the container's network namespace; the engine reads /proc instead when polling. */
    public String[] get_interfaces() {
        Pointer p = (Pointer) member(GET_INTERFACES).invoke(Pointer.class, withSelf());
        return NativeStrings.takeStringArray(p);
    }

    /** Forks the caller, like {@link #get_interfaces()}. */
    public String[] get_ips(String iface, String family, int scope) {
        Pointer p = (Pointer) member(GET_IPS).invoke(Pointer.class, withSelf(iface, family, scope));
        return NativeStrings.takeStringArray(p);
    }

    public String get_cgroup_item(String subsys) {
        return callSized(GET_CGROUP_ITEM, subsys);
    }

    public boolean set_cgroup_item(String subsys, String value) {
        return callBool(SET_CGROUP_ITEM, subsys, value);
    }

    public String get_config_path() {
        return callStaticString(GET_CONFIG_PATH);
    }

    public boolean set_config_path(String path) {
        return callBool(SET_CONFIG_PATH, path);
    }

    /** The new container's reference (caller puts it), or null. */
    public LxcHandle clone(String newName, String lxcpath, int flags, String bdevtype, String bdevdata,
                           long newSize, String[] hookArgs) {
        Pointer p = (Pointer) member(CLONE).invoke(Pointer.class, withSelf(newName, lxcpath, flags, bdevtype,
                bdevdata, newSize, hookArgs == null ? null : new StringArray(hookArgs)));
        return adopt(p);
    }

    /** Returns the pty fd (caller closes) and fills {@code ttynum}/{@code ptxfd}; -1 on failure. */
    public int console_getfd(IntByReference ttynum, IntByReference ptxfd) {
        return callInt(CONSOLE_GETFD, ttynum, ptxfd);
    }

    public int console(int ttynum, int stdinfd, int stdoutfd, int stderrfd, int escape) {
        return callInt(CONSOLE, ttynum, stdinfd, stdoutfd, stderrfd, escape);
    }

    /** {@code attach(c, exec_function, payload, options, &pid)}: 0 and the pid, or -1. */
    public int attach(Pointer execFunction, Pointer payload, Pointer options, IntByReference attachedPid) {
        return callInt(ATTACH, execFunction, payload, options, attachedPid);
    }

    /** Raw wait(2) status, or -1; cannot time out, so the engine uses {@link #attach} with its own wait. */
    public int attach_run_wait(Pointer options, String program, String[] argv) {
        return callInt(ATTACH_RUN_WAIT, options, program, new StringArray(argv));
    }

    public int snapshot(String commentFile) {
        return callInt(SNAPSHOT, commentFile);
    }

    /** Count (or -1); fills {@code out} with the malloc'd array of {@code struct lxc_snapshot}. */
    public int snapshot_list(PointerByReference out) {
        return callInt(SNAPSHOT_LIST, out);
    }

    public boolean snapshot_restore(String snapName, String newName) {
        return callBool(SNAPSHOT_RESTORE, snapName, newName);
    }

    public boolean snapshot_destroy(String snapName) {
        return callBool(SNAPSHOT_DESTROY, snapName);
    }

    public boolean may_control() {
        return callBool(MAY_CONTROL);
    }

    public boolean add_device_node(String srcPath, String destPath) {
        return callBool(ADD_DEVICE_NODE, srcPath, destPath);
    }

    public boolean remove_device_node(String srcPath, String destPath) {
        return callBool(REMOVE_DEVICE_NODE, srcPath, destPath);
    }

    public boolean attach_interface(String dev, String dstDev) {
        return callBool(ATTACH_INTERFACE, dev, dstDev);
    }

    public boolean detach_interface(String dev, String dstDev) {
        return callBool(DETACH_INTERFACE, dev, dstDev);
    }

    public boolean checkpoint(String directory, boolean stop, boolean verbose) {
        return callBool(CHECKPOINT, directory, (byte) (stop ? 1 : 0), (byte) (verbose ? 1 : 0));
    }

    public boolean restore(String directory, boolean verbose) {
        return callBool(RESTORE, directory, (byte) (verbose ? 1 : 0));
    }

    public boolean destroy_with_snapshots() {
        return callBool(DESTROY_WITH_SNAPSHOTS);
    }

    public boolean snapshot_destroy_all() {
        return callBool(SNAPSHOT_DESTROY_ALL);
    }

    public int migrate(int cmd, Pointer opts, int size) {
        return callInt(MIGRATE, cmd, opts, size);
    }

    public int console_log(Pointer log) {
        return callInt(CONSOLE_LOG, log);
    }

    public boolean reboot2(int timeoutSeconds) {
        return callBool(REBOOT2, timeoutSeconds);
    }

    public int mount(String source, String target, String fstype, long mountflags, Pointer data, Pointer mnt) {
        return callInt(MOUNT, source, target, fstype, new NativeLong(mountflags), data, mnt);
    }

    public int umount(String target, long mountflags, Pointer mnt) {
        return callInt(UMOUNT, target, new NativeLong(mountflags), mnt);
    }

    public int seccomp_notify_fd() {
        return callInt(SECCOMP_NOTIFY_FD);
    }

    public int seccomp_notify_fd_active() {
        return callInt(SECCOMP_NOTIFY_FD_ACTIVE);
    }

    public int init_pidfd() {
        return callInt(INIT_PIDFD);
    }

    public int devpts_fd() {
        return callInt(DEVPTS_FD);
    }
}
