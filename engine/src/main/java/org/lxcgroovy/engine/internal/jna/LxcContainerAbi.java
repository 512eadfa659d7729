package org.lxcgroovy.engine.internal.jna;

/**
 * Byte offsets of the members of liblxc 5.0's {@code struct lxc_container} on LP64, in header order.
 * liblxc allocates the struct and only ever appends members, so reading function pointers at these offsets is
 * forward-compatible. Verified against {@code offsetof()} of lxccontainer.h 5.0.2 (see liblxc-facts.md).
 */
public final class LxcContainerAbi {
    private LxcContainerAbi() {
    }

    public static final int SIZE = 568;

    public static final int ERROR_STRING = 56;
    public static final int ERROR_NUM = 64;
    public static final int DAEMONIZE = 68;
    public static final int CONFIG_PATH = 72;
    public static final int IS_DEFINED = 80;
    public static final int STATE = 88;
    public static final int IS_RUNNING = 96;
    public static final int FREEZE = 104;
    public static final int UNFREEZE = 112;
    public static final int INIT_PID = 120;
    public static final int LOAD_CONFIG = 128;
    public static final int START = 136;
    public static final int STOP = 152;
    public static final int WANT_DAEMONIZE = 160;
    public static final int WANT_CLOSE_ALL_FDS = 168;
    public static final int CONFIG_FILE_NAME = 176;
    public static final int WAIT = 184;
    public static final int SET_CONFIG_ITEM = 192;
    public static final int DESTROY = 200;
    public static final int SAVE_CONFIG = 208;
    public static final int CREATE = 216;
    public static final int RENAME = 232;
    public static final int REBOOT = 240;
    public static final int SHUTDOWN = 248;
    public static final int CLEAR_CONFIG = 256;
    public static final int CLEAR_CONFIG_ITEM = 264;
    public static final int GET_CONFIG_ITEM = 272;
    public static final int GET_RUNNING_CONFIG_ITEM = 280;
    public static final int GET_KEYS = 288;
    public static final int GET_INTERFACES = 296;
    public static final int GET_IPS = 304;
    public static final int GET_CGROUP_ITEM = 312;
    public static final int SET_CGROUP_ITEM = 320;
    public static final int GET_CONFIG_PATH = 328;
    public static final int SET_CONFIG_PATH = 336;
    public static final int CLONE = 344;
    public static final int CONSOLE_GETFD = 352;
    public static final int CONSOLE = 360;
    public static final int ATTACH = 368;
    public static final int ATTACH_RUN_WAIT = 376;
    public static final int SNAPSHOT = 392;
    public static final int SNAPSHOT_LIST = 400;
    public static final int SNAPSHOT_RESTORE = 408;
    public static final int SNAPSHOT_DESTROY = 416;
    public static final int MAY_CONTROL = 424;
    public static final int ADD_DEVICE_NODE = 432;
    public static final int REMOVE_DEVICE_NODE = 440;
    public static final int ATTACH_INTERFACE = 448;
    public static final int DETACH_INTERFACE = 456;
    public static final int CHECKPOINT = 464;
    public static final int RESTORE = 472;
    public static final int DESTROY_WITH_SNAPSHOTS = 480;
    public static final int SNAPSHOT_DESTROY_ALL = 488;
    public static final int MIGRATE = 496;
    public static final int CONSOLE_LOG = 504;
    public static final int REBOOT2 = 512;
    public static final int MOUNT = 520;
    public static final int UMOUNT = 528;
    public static final int SECCOMP_NOTIFY_FD = 536;
    public static final int SECCOMP_NOTIFY_FD_ACTIVE = 544;
    public static final int INIT_PIDFD = 552;
    public static final int DEVPTS_FD = 560;

    /** {@code lxc_attach_options_t}: size and member offsets. */
    public static final int ATTACH_OPTIONS_SIZE = 96;
    public static final int AO_ATTACH_FLAGS = 0;
    public static final int AO_NAMESPACES = 4;
    public static final int AO_PERSONALITY = 8;
    public static final int AO_INITIAL_CWD = 16;
    public static final int AO_UID = 24;
    public static final int AO_GID = 28;
    public static final int AO_ENV_POLICY = 32;
    public static final int AO_EXTRA_ENV_VARS = 40;
    public static final int AO_EXTRA_KEEP_ENV = 48;
    public static final int AO_STDIN_FD = 56;
    public static final int AO_STDOUT_FD = 60;
    public static final int AO_STDERR_FD = 64;
    public static final int AO_LOG_FD = 68;
    public static final int AO_LSM_LABEL = 72;
    public static final int AO_GROUPS_SIZE = 80;
    public static final int AO_GROUPS_LIST = 88;

    /** {@code struct lxc_snapshot}: name, comment_pathname, timestamp, lxcpath, free(). */
    public static final int SNAPSHOT_STRUCT_SIZE = 40;
    public static final int SNAP_NAME = 0;
    public static final int SNAP_COMMENT_PATHNAME = 8;
    public static final int SNAP_TIMESTAMP = 16;
    public static final int SNAP_LXCPATH = 24;
    public static final int SNAP_FREE = 32;

    /** {@code struct lxc_console_log}: bool clear, bool read, uint64_t *read_max, char *data. */
    public static final int CONSOLE_LOG_SIZE = 24;

    /** {@code struct lxc_log}: five strings then bool quiet. */
    public static final int LOG_SIZE = 48;

    /** {@code struct migrate_opts} as of 5.0. */
    public static final int MIGRATE_OPTS_SIZE = 80;

    /** {@code struct bdev_specs}: 72 bytes in 5.0, 80 in 6.x (rbduser appended); callers allocate 80 zeroed. */
    public static final int BDEV_SPECS_ALLOC = 80;
}
