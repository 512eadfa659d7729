package org.lxcgroovy.engine.internal.jna;

import static org.lxcgroovy.engine.internal.jna.LxcContainerAbi.*;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.util.List;

/**
 * A native {@code lxc_attach_options_t}. It can only be made from the values of {@code LXC_ATTACH_OPTIONS_DEFAULT}:
 * a zero-filled struct would run the command on the host with full capabilities. liblxc writes the resolved
 * namespace mask back into it, so each attach gets its own.
 */
public final class AttachOptionsStruct {
    public static final int LXC_ATTACH_KEEP_ENV = 0;
    public static final int LXC_ATTACH_CLEAR_ENV = 1;
    public static final int EBADF = 9;

    private final StructMemory memory = new StructMemory(ATTACH_OPTIONS_SIZE);

    private AttachOptionsStruct() {
        memory.setInt(AO_ATTACH_FLAGS, 0x0000FFFF);
        memory.setInt(AO_NAMESPACES, -1);
        memory.setLong(AO_PERSONALITY, -1L);
        memory.setInt(AO_UID, -1);
        memory.setInt(AO_GID, -1);
        memory.setInt(AO_ENV_POLICY, LXC_ATTACH_KEEP_ENV);
        memory.setInt(AO_STDIN_FD, 0);
        memory.setInt(AO_STDOUT_FD, 1);
        memory.setInt(AO_STDERR_FD, 2);
        memory.setInt(AO_LOG_FD, -EBADF);
    }

    /** The struct with liblxc's {@code LXC_ATTACH_OPTIONS_DEFAULT} values. */
    public static AttachOptionsStruct defaults() {
        return new AttachOptionsStruct();
    }

    public Pointer pointer() {
        return memory;
    }

    public AttachOptionsStruct attachFlags(int flags) {
        memory.setInt(AO_ATTACH_FLAGS, flags);
        return this;
    }

    public AttachOptionsStruct namespaces(int mask) {
        memory.setInt(AO_NAMESPACES, mask);
        return this;
    }

    public int namespaces() {
        return memory.getInt(AO_NAMESPACES);
    }

    public AttachOptionsStruct personality(long personality) {
        memory.setLong(AO_PERSONALITY, personality);
        return this;
    }

    public AttachOptionsStruct initialCwd(String cwd) {
        memory.stringField(AO_INITIAL_CWD, cwd);
        return this;
    }

    public AttachOptionsStruct uid(int uid) {
        memory.setInt(AO_UID, uid);
        return this;
    }

    public AttachOptionsStruct gid(int gid) {
        memory.setInt(AO_GID, gid);
        return this;
    }

    public AttachOptionsStruct envPolicy(int policy) {
        memory.setInt(AO_ENV_POLICY, policy);
        return this;
    }

    public AttachOptionsStruct extraEnvVars(String[] keyEqualsValue) {
        memory.pointerField(AO_EXTRA_ENV_VARS, keyEqualsValue.length == 0 ? null : new StringArray(keyEqualsValue));
        return this;
    }

    public AttachOptionsStruct extraKeepEnv(String[] names) {
        memory.pointerField(AO_EXTRA_KEEP_ENV, names.length == 0 ? null : new StringArray(names));
        return this;
    }

    public AttachOptionsStruct stdio(int in, int out, int err) {
        memory.setInt(AO_STDIN_FD, in);
        memory.setInt(AO_STDOUT_FD, out);
        memory.setInt(AO_STDERR_FD, err);
        return this;
    }

    public AttachOptionsStruct lsmLabel(String label) {
        memory.stringField(AO_LSM_LABEL, label);
        return this;
    }

    public AttachOptionsStruct groups(int[] gids) {
        Memory list = null;
        if (gids.length > 0) {
            list = new Memory(4L * gids.length);
            list.write(0, gids, 0, gids.length);
        }
        memory.setLong(AO_GROUPS_SIZE, gids.length);
        memory.pointerField(AO_GROUPS_LIST, list);
        return this;
    }

    /** A copy of the struct's bytes, for tests that check what reaches liblxc. */
    public byte[] bytes() {
        return memory.getByteArray(0, ATTACH_OPTIONS_SIZE);
    }

    /** A {@code lxc_attach_command_t} {program, argv}; argv[0] is the program, NULL-terminated. */
    public static StructMemory attachCommand(List<String> argv) {
        return new StructMemory(16)
                .stringField(0, argv.get(0))
                .pointerField(8, new StringArray(argv.toArray(new String[0])));
    }
}
