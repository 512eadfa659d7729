package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.util.List;

/**
 * A native {@code lxc_attach_options_t}. It can only be made from the values of {@code LXC_ATTACH_OPTIONS_DEFAULT}:
 * a zero-filled struct would run the command on the host with full capabilities. liblxc writes the resolved
 * namespace mask back into it, so each attach gets its own.
 */
@CStruct(type = "lxc_attach_options_t", header = "lxc/attach_options.h")
public final class AttachOptionsStruct {
    @CSizeOf
    public static final int SIZEOF = 96;
    @COffset
    public static final int ATTACH_FLAGS = 0;
    @COffset
    public static final int NAMESPACES = 4;
    @COffset
    public static final int PERSONALITY = 8;
    @COffset
    public static final int INITIAL_CWD = 16;
    @COffset
    public static final int UID = 24;
    @COffset
    public static final int GID = 28;
    @COffset
    public static final int ENV_POLICY = 32;
    @COffset
    public static final int EXTRA_ENV_VARS = 40;
    @COffset
    public static final int EXTRA_KEEP_ENV = 48;
    @COffset
    public static final int STDIN_FD = 56;
    @COffset
    public static final int STDOUT_FD = 60;
    @COffset
    public static final int STDERR_FD = 64;
    @COffset
    public static final int LOG_FD = 68;
    @COffset
    public static final int LSM_LABEL = 72;
    @COffset("groups.size")
    public static final int GROUPS_SIZE = 80;
    @COffset("groups.list")
    public static final int GROUPS_LIST = 88;

    public static final int LXC_ATTACH_KEEP_ENV = 0;
    public static final int LXC_ATTACH_CLEAR_ENV = 1;
    public static final int EBADF = 9;

    private final StructMemory memory = new StructMemory(SIZEOF);

    private AttachOptionsStruct() {
        memory.setInt(ATTACH_FLAGS, 0x0000FFFF);
        memory.setInt(NAMESPACES, -1);
        memory.setLong(PERSONALITY, -1L);
        memory.setInt(UID, -1);
        memory.setInt(GID, -1);
        memory.setInt(ENV_POLICY, LXC_ATTACH_KEEP_ENV);
        memory.setInt(STDIN_FD, 0);
        memory.setInt(STDOUT_FD, 1);
        memory.setInt(STDERR_FD, 2);
        memory.setInt(LOG_FD, -EBADF);
    }

    /** The struct with liblxc's {@code LXC_ATTACH_OPTIONS_DEFAULT} values. */
    public static AttachOptionsStruct defaults() {
        return new AttachOptionsStruct();
    }

    public Pointer pointer() {
        return memory;
    }

    public AttachOptionsStruct attachFlags(int flags) {
        memory.setInt(ATTACH_FLAGS, flags);
        return this;
    }

    public AttachOptionsStruct namespaces(int mask) {
        memory.setInt(NAMESPACES, mask);
        return this;
    }

    public int namespaces() {
        return memory.getInt(NAMESPACES);
    }

    public AttachOptionsStruct personality(long personality) {
        memory.setLong(PERSONALITY, personality);
        return this;
    }

    public AttachOptionsStruct initialCwd(String cwd) {
        memory.stringField(INITIAL_CWD, cwd);
        return this;
    }

    public AttachOptionsStruct uid(int uid) {
        memory.setInt(UID, uid);
        return this;
    }

    public AttachOptionsStruct gid(int gid) {
        memory.setInt(GID, gid);
        return this;
    }

    public AttachOptionsStruct envPolicy(int policy) {
        memory.setInt(ENV_POLICY, policy);
        return this;
    }

    public AttachOptionsStruct extraEnvVars(String[] keyEqualsValue) {
        memory.pointerField(EXTRA_ENV_VARS, keyEqualsValue.length == 0 ? null : new StringArray(keyEqualsValue));
        return this;
    }

    public AttachOptionsStruct extraKeepEnv(String[] names) {
        memory.pointerField(EXTRA_KEEP_ENV, names.length == 0 ? null : new StringArray(names));
        return this;
    }

    public AttachOptionsStruct stdio(int in, int out, int err) {
        memory.setInt(STDIN_FD, in);
        memory.setInt(STDOUT_FD, out);
        memory.setInt(STDERR_FD, err);
        return this;
    }

    public AttachOptionsStruct lsmLabel(String label) {
        memory.stringField(LSM_LABEL, label);
        return this;
    }

    public AttachOptionsStruct groups(int[] gids) {
        Memory list = null;
        if (gids.length > 0) {
            list = new Memory(4L * gids.length);
            list.write(0, gids, 0, gids.length);
        }
        memory.setLong(GROUPS_SIZE, gids.length);
        memory.pointerField(GROUPS_LIST, list);
        return this;
    }

    /** A copy of the struct's bytes, for tests that check what reaches liblxc. */
    public byte[] bytes() {
        return memory.getByteArray(0, SIZEOF);
    }

    /** {@code lxc_attach_command_t}: the payload of {@code lxc_attach_run_command}. */
    @CStruct(type = "lxc_attach_command_t", header = "lxc/attach_options.h")
    public static final class Command {
        @CSizeOf
        public static final int SIZEOF = 16;
        @COffset
        public static final int PROGRAM = 0;
        @COffset
        public static final int ARGV = 8;

        private Command() {
        }

        /** {program, argv}; argv[0] is the program, NULL-terminated. */
        public static StructMemory of(List<String> argv) {
            return new StructMemory(SIZEOF)
                    .stringField(PROGRAM, argv.get(0))
                    .pointerField(ARGV, new StringArray(argv.toArray(new String[0])));
        }
    }
}
