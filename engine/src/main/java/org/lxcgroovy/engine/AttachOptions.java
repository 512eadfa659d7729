package org.lxcgroovy.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Options of a command attached to a running container: every field of liblxc's {@code lxc_attach_options_t} plus
 * the engine's timeout and stdio targets. Unset fields keep liblxc's defaults ({@code LXC_ATTACH_OPTIONS_DEFAULT}),
 * except that the environment is cleared by default: the attached process sees PATH, {@code container=lxc} and
 * what {@code env}/{@code keepEnv} name, never the JVM's environment.
 *
 * <p>In Groovy, pass a map: {@code c.run(env: [A: '1'], cwd: '/tmp', timeout: 5, ['sh', '-c', 'pwd'])}
 * ({@link org.lxcgroovy.engine.groovy.OptionMaps#attach}).
 *
 * @param env           extra variables set in the process
 * @param keepEnv       names of the JVM's variables passed through although the environment is cleared
 * @param clearEnv      clear the environment (default true); false hands over the whole JVM environment
 * @param uid           user id inside the container; null = liblxc's default (root, or the init's uid with userns)
 * @param gid           group id; null = liblxc's default
 * @param groups        supplementary groups; null leaves them alone, a list sets them (LXC_ATTACH_SETGROUPS)
 * @param cwd           working directory inside the container; null = "/" (liblxc would keep the JVM's cwd if it exists there)
 * @param namespaces    CLONE_NEW* mask of namespaces to enter; -1 = those of the container
 * @param flags         LXC_ATTACH_* flags; default LXC_ATTACH_DEFAULT
 * @param personality   personality(2) value; -1 = the container's
 * @param elevatedPrivileges keep capabilities, LSM profile and host cgroup (as {@code lxc-attach -e})
 * @param lsmLabel      LSM label to switch to (sets LXC_ATTACH_LSM_LABEL)
 * @param timeout       kill the command (and what it started) after this long; null = wait forever
 * @param stdin         what the command reads; null = nothing (/dev/null)
 * @param stdout        where stdout goes; null = the call's default (captured by run, inherited by attachWait)
 * @param stderr        where stderr goes; null = as stdout's default
 */
public record AttachOptions(Map<String, String> env, List<String> keepEnv, boolean clearEnv, Integer uid,
                            Integer gid, List<Integer> groups, String cwd, int namespaces, int flags,
                            long personality, boolean elevatedPrivileges, String lsmLabel, Duration timeout,
                            Input stdin, Output stdout, Output stderr) {

    /** The defaults: liblxc's, with a cleared environment and cwd "/". */
    public static final AttachOptions DEFAULT = new AttachOptions(Map.of(), List.of(), true, null, null, null, null,
            -1, Lxc.LXC_ATTACH_DEFAULT, -1L, false, null, null, null, null, null);

    public AttachOptions {
        env = env == null ? Map.of() : Map.copyOf(env);
        keepEnv = keepEnv == null ? List.of() : List.copyOf(keepEnv);
        groups = groups == null ? null : List.copyOf(groups);
        if (namespaces == 0) {
            // A zero mask makes liblxc run the command on the HOST with full capabilities.
            throw new IllegalArgumentException("namespaces must name at least one namespace (0 would run the command on the host); use -1 for the container's own");
        }
        for (String name : env.keySet()) {
            if (name.isEmpty() || name.contains("=")) {
                throw new IllegalArgumentException("bad environment variable name: '" + name + "'");
            }
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The attach flags liblxc gets: {@link #flags}, adjusted for groups, LSM label and elevated privileges. */
    int effectiveFlags() {
        int f = flags;
        if (elevatedPrivileges) {
            f &= ~(Lxc.LXC_ATTACH_MOVE_TO_CGROUP | Lxc.LXC_ATTACH_DROP_CAPABILITIES | Lxc.LXC_ATTACH_LSM_EXEC);
        }
        if (groups != null) {
            f |= Lxc.LXC_ATTACH_SETGROUPS;
        }
        if (lsmLabel != null) {
            f |= Lxc.LXC_ATTACH_LSM_LABEL;
        }
        return f;
    }

    /** Builds AttachOptions step by step, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private Map<String, String> env;
        private List<String> keepEnv;
        private boolean clearEnv;
        private Integer uid;
        private Integer gid;
        private List<Integer> groups;
        private String cwd;
        private int namespaces;
        private int flags;
        private long personality;
        private boolean elevatedPrivileges;
        private String lsmLabel;
        private Duration timeout;
        private Input stdin;
        private Output stdout;
        private Output stderr;

        private Builder(AttachOptions o) {
            env = o.env;
            keepEnv = o.keepEnv;
            clearEnv = o.clearEnv;
            uid = o.uid;
            gid = o.gid;
            groups = o.groups;
            cwd = o.cwd;
            namespaces = o.namespaces;
            flags = o.flags;
            personality = o.personality;
            elevatedPrivileges = o.elevatedPrivileges;
            lsmLabel = o.lsmLabel;
            timeout = o.timeout;
            stdin = o.stdin;
            stdout = o.stdout;
            stderr = o.stderr;
        }

        public Builder env(Map<String, String> v) { env = v; return this; }
        public Builder keepEnv(List<String> v) { keepEnv = v; return this; }
        public Builder clearEnv(boolean v) { clearEnv = v; return this; }
        public Builder uid(Integer v) { uid = v; return this; }
        public Builder gid(Integer v) { gid = v; return this; }
        public Builder groups(List<Integer> v) { groups = v; return this; }
        public Builder cwd(String v) { cwd = v; return this; }
        public Builder namespaces(int v) { namespaces = v; return this; }
        public Builder flags(int v) { flags = v; return this; }
        public Builder personality(long v) { personality = v; return this; }
        public Builder elevatedPrivileges(boolean v) { elevatedPrivileges = v; return this; }
        public Builder lsmLabel(String v) { lsmLabel = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder stdin(Input v) { stdin = v; return this; }
        public Builder stdout(Output v) { stdout = v; return this; }
        public Builder stderr(Output v) { stderr = v; return this; }

        public AttachOptions build() {
            return new AttachOptions(env, keepEnv, clearEnv, uid, gid, groups, cwd, namespaces, flags, personality,
                    elevatedPrivileges, lsmLabel, timeout, stdin, stdout, stderr);
        }
    }
}
