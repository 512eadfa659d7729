package org.lxcgroovy.engine.internal.jna;

/**
 * Byte offsets of the members of liblxc 5.0's {@code struct lxc_container} on LP64, in header order.
 * liblxc allocates the struct and only ever appends members (6.0 adds {@code rcv_timeout} and
 * {@code set_timeout} after {@code devpts_fd}), so reading function pointers at these offsets is
 * forward-compatible. AbiSpec checks each against {@code offsetof()} of the installed lxccontainer.h.
 */
@CStruct(type = "struct lxc_container", header = "lxc/lxccontainer.h")
public final class LxcContainerAbi {
    private LxcContainerAbi() {
    }

    @CSizeOf
    public static final int SIZEOF = 568;

    @COffset
    public static final int ERROR_STRING = 56;
    @COffset
    public static final int ERROR_NUM = 64;
    @COffset
    public static final int DAEMONIZE = 68;
    @COffset
    public static final int CONFIG_PATH = 72;
    @COffset
    public static final int IS_DEFINED = 80;
    @COffset
    public static final int STATE = 88;
    @COffset
    public static final int IS_RUNNING = 96;
    @COffset
    public static final int FREEZE = 104;
    @COffset
    public static final int UNFREEZE = 112;
    @COffset
    public static final int INIT_PID = 120;
    @COffset
    public static final int LOAD_CONFIG = 128;
    @COffset
    public static final int START = 136;
    @COffset
    public static final int STOP = 152;
    @COffset
    public static final int WANT_DAEMONIZE = 160;
    @COffset
    public static final int WANT_CLOSE_ALL_FDS = 168;
    @COffset
    public static final int CONFIG_FILE_NAME = 176;
    @COffset
    public static final int WAIT = 184;
    @COffset
    public static final int SET_CONFIG_ITEM = 192;
    @COffset
    public static final int DESTROY = 200;
    @COffset
    public static final int SAVE_CONFIG = 208;
    @COffset
    public static final int CREATE = 216;
    @COffset
    public static final int RENAME = 232;
    @COffset
    public static final int REBOOT = 240;
    @COffset
    public static final int SHUTDOWN = 248;
    @COffset
    public static final int CLEAR_CONFIG = 256;
    @COffset
    public static final int CLEAR_CONFIG_ITEM = 264;
    @COffset
    public static final int GET_CONFIG_ITEM = 272;
    @COffset
    public static final int GET_RUNNING_CONFIG_ITEM = 280;
    @COffset
    public static final int GET_KEYS = 288;
    @COffset
    public static final int GET_INTERFACES = 296;
    @COffset
    public static final int GET_IPS = 304;
    @COffset
    public static final int GET_CGROUP_ITEM = 312;
    @COffset
    public static final int SET_CGROUP_ITEM = 320;
    @COffset
    public static final int GET_CONFIG_PATH = 328;
    @COffset
    public static final int SET_CONFIG_PATH = 336;
    @COffset
    public static final int CLONE = 344;
    @COffset
    public static final int CONSOLE_GETFD = 352;
    @COffset
    public static final int CONSOLE = 360;
    @COffset
    public static final int ATTACH = 368;
    @COffset
    public static final int ATTACH_RUN_WAIT = 376;
    @COffset
    public static final int SNAPSHOT = 392;
    @COffset
    public static final int SNAPSHOT_LIST = 400;
    @COffset
    public static final int SNAPSHOT_RESTORE = 408;
    @COffset
    public static final int SNAPSHOT_DESTROY = 416;
    @COffset
    public static final int MAY_CONTROL = 424;
    @COffset
    public static final int ADD_DEVICE_NODE = 432;
    @COffset
    public static final int REMOVE_DEVICE_NODE = 440;
    @COffset
    public static final int ATTACH_INTERFACE = 448;
    @COffset
    public static final int DETACH_INTERFACE = 456;
    @COffset
    public static final int CHECKPOINT = 464;
    @COffset
    public static final int RESTORE = 472;
    @COffset
    public static final int DESTROY_WITH_SNAPSHOTS = 480;
    @COffset
    public static final int SNAPSHOT_DESTROY_ALL = 488;
    @COffset
    public static final int MIGRATE = 496;
    @COffset
    public static final int CONSOLE_LOG = 504;
    @COffset
    public static final int REBOOT2 = 512;
    @COffset
    public static final int MOUNT = 520;
    @COffset
    public static final int UMOUNT = 528;
    @COffset
    public static final int SECCOMP_NOTIFY_FD = 536;
    @COffset
    public static final int SECCOMP_NOTIFY_FD_ACTIVE = 544;
    @COffset
    public static final int INIT_PIDFD = 552;
    @COffset
    public static final int DEVPTS_FD = 560;
}
