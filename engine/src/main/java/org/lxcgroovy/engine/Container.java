package org.lxcgroovy.engine;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.lxcgroovy.engine.internal.jna.LibC;
import org.lxcgroovy.engine.internal.jna.LibLxc;
import org.lxcgroovy.engine.internal.jna.LxcStructs;
import org.lxcgroovy.engine.internal.jna.StructMemory;
import org.lxcgroovy.engine.internal.jna.LxcHandle;
import org.lxcgroovy.engine.internal.jna.NativeStrings;

/**
 * One LXC container, as python3-lxc's {@code lxc.Container}: {@code new Container("web")}, then {@code start()},
 * {@code run("uname", "-a")}, {@code shutdown(30)}. Close it to release liblxc's references.
 *
 * <p>A failing operation throws {@link LxcException} with liblxc's reason; predicates and waits
 * ({@code isDefined}, {@code shutdown(timeout)}, {@code waitFor}) answer with a boolean.
 *
 * <p>Threads: safe to share. Configuration and lifecycle calls go through one liblxc handle under a lock (it holds
 * the unsaved configuration); attaches and waits each use a handle of their own, because a handle shared across a
 * concurrent attach's fork deadlocks.
 *
 * <p>Start goes through the {@code lxc-start} tool (an in-process start would leave a monitor that is a fork of
 * the JVM for the container's life); unsaved configuration is handed to it in a private file.
 */
public class Container implements AutoCloseable, ContainerBound {
    private final Handles handles;
    private final ToolRuns tools;

    /** A container of the default config path. It need not exist yet: {@link #create} makes it. */
    public Container(String name) {
        this(name, null);
    }

    /** A container of {@code configPath} (null = the default, {@code lxc.lxcpath}). */
    public Container(String name, String configPath) {
        ContainerNames.validate("new Container", name);
        RootCaller.require("new Container", name);
        this.handles = new Handles(name, Handles.open("new Container", name, configPath));
        this.tools = new ToolRuns(handles);
    }

    private Container(LxcHandle adopted, String name) {
        this.handles = new Handles(name, adopted);
        this.tools = new ToolRuns(handles);
    }

    /** Puts back every liblxc reference this object holds. Idempotent. */
    @Override
    public void close() {
        handles.close();
    }

    /** This container: for code written for any {@link ContainerBound}. */
    @Override
    public Container getContainer() {
        return this;
    }

    // ---- state -------------------------------------------------------------------------------------------------

    public String getName() {
        return handles.name();
    }

    public boolean isDefined() {
        return handles.with("isDefined", LxcHandle::is_defined);
    }

    public boolean isRunning() {
        return handles.ask("isRunning", LxcHandle::is_running);
    }

    public ContainerState getState() {
        ContainerState recorded = ContainerState.of(handles.ask("getState", LxcHandle::state));
        if (recorded != ContainerState.RUNNING || Freezer.HOST_V1) {
            return recorded;
        }
        // on cgroup v2 liblxc's record is not told of the engine's freeze (its own would wait without a bound)
        try {
            return freezer("getState").state();
        } catch (IOException | LxcException e) {
            return recorded;    // stopped meanwhile
        }
    }

    /** The init process's pid as the host sees it; -1 when not running. */
    public int getInitPid() {
        return initPid("getInitPid");
    }

    /** {@link #getInitPid()}, for {@code operation}: the name a monitor that does not answer is reported under. */
    private int initPid(String operation) {
        return handles.ask(operation, LxcHandle::init_pid);
    }

    /** Path of the container's configuration file. */
    public String getConfigFileName() {
        return handles.with("getConfigFileName", LxcHandle::config_file_name);
    }

    public String getConfigPath() {
        return handles.with("getConfigPath", LxcHandle::get_config_path);
    }

    /** Moves this object to another config path (the container's files stay where they are). */
    public void setConfigPath(String path) {
        handles.mustLocal("setConfigPath", LxcException.Kind.FAILED, h -> h.set_config_path(path));
        handles.retireSpares();
    }

    /** Whether the caller may control the container (liblxc's may_control). */
    public boolean isControllable() {
        return handles.with("isControllable", LxcHandle::may_control);
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    /** Creates the container from a template, with no template arguments. */
    public void create(String template) {
        create(CreateOptions.DEFAULT.withTemplate(template));
    }

    /**
     * Creates the container with {@code lxc-create}, so that a failing template's own words reach the exception
     * and no fork of the JVM runs the template. On failure nothing of the container is left behind.
     */
    public void create(CreateOptions o) {
        tools.create(o);
    }

    /**
     * Starts the container (daemonized) and returns once it is RUNNING. The {@code lxc-start} it runs inherits no
     * descriptor of the JVM but 0-2 (python's {@code close_fds=True}, always).
     */
    public void start() {
        start(false, List.of());
    }

    /** Starts the container with {@code command} as its init instead of the configured one. */
    public void start(List<String> command) {
        start(false, command);
    }

    /**
     * python's {@code start(useinit=..., cmd=...)}: with {@code useinit} the container runs {@code command} under
     * liblxc's minimal init ({@code lxc-execute -d}, an application container) and stops when it ends.
     */
    public void start(boolean useinit, List<String> command) {
        start(useinit, true, command);
    }

    /**
     * python's {@code start(useinit, daemonize, cmd)}: with {@code daemonize} false the container runs in the
     * foreground ({@code lxc-start -F}, go-lxc's {@code WantDaemonize(false)}), its console on the JVM's stdout and
     * stderr, and the call returns only when the container has stopped (another thread may stop it).
     */
    public void start(boolean useinit, boolean daemonize, List<String> command) {
        if (isDefined()) {   // an undefined one: the tool says so
            IdMap map = IdMap.of(this);
            SubordinateIds.check("start", getName(), map, System.getProperty("user.name"),
                    LibC.INSTANCE.geteuid(), SubordinateIds.SUBUID, SubordinateIds.SUBGID);
            RootfsReach.check("start", getName(), map, String.valueOf(getConfigItem("lxc.rootfs.path")));
        }
        tools.start(useinit, daemonize, AttachLaunch.words(command));
    }

    /**
     * go-lxc's {@code Execute}: runs {@code command} as the whole life of the (stopped) container under liblxc's
     * minimal init, in the foreground, and returns its output and exit status (128 + N when signal N ended it).
     */
    public ExecResult execute(String... command) {
        return execute(null, List.of(command));
    }

    /** {@link #execute(String...)}; at {@code timeout} (null: none) the container is killed and the result says so. */
    public ExecResult execute(Duration timeout, List<String> command) {
        return tools.execute(timeout, command);
    }

    /** Kills the container at once. */
    public void stop() {
        handles.must("stop", LxcHandle::stop);
    }

    /** Asks init to halt; true when the container stopped within {@code timeout} (null: wait as long as it takes). */
    public boolean shutdown(Duration timeout) {
        return handles.withSpare("shutdown", h -> h.shutdown(Handles.seconds(timeout)));
    }

    /** Asks init to reboot (no wait). */
    public void reboot() {
        handles.must("reboot", LxcHandle::reboot);
    }

    /** Reboots and waits up to {@code timeout} (null: as long as it takes) for it; true when it came back. */
    public boolean reboot2(Duration timeout) {
        return handles.withSpare("reboot2", h -> h.reboot2(Handles.seconds(timeout)));
    }

    /** Destroys the stopped container and its files. Fails when it has snapshots: see {@link #destroyWithSnapshots()}. */
    public void destroy() {
        handles.must("destroy", LxcHandle::destroy);
        handles.retireSpares();
    }

    public void destroyWithSnapshots() {
        handles.must("destroyWithSnapshots", LxcHandle::destroy_with_snapshots);
        handles.retireSpares();
    }

    /** How long {@link #freeze()} waits for the container to be frozen, and {@link #unfreeze()} for it to thaw. */
    public static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(30);

    /** Freezes every process of the running container within {@link #FREEZE_TIMEOUT}: see {@link #freeze(Duration)}. */
    public void freeze() {
        freeze(FREEZE_TIMEOUT);
    }

    /**
     * Freezes every process of the running container, waiting at most {@code timeout} for its freezer to say
     * FROZEN. When it does not (a process that cannot be stopped holds it in FREEZING), the container is thawed
     * again and an {@link LxcException} of kind TIMED_OUT says so: never left half frozen. The engine drives the
     * freezer itself (liblxc's freeze has no bound) and then, on cgroup v1, lets liblxc's freeze find it frozen,
     * which is how liblxc's record of the state (what {@link #getState()} and {@link #waitFor} read) learns it.
     */
    public void freeze(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("freeze needs a positive timeout, not " + timeout);
        }
        Freezer freezer = freezer("freeze");
        boolean frozen;
        try {
            frozen = freezer.freeze(timeout);
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.FAILED, "freeze", getName(), "its freezer: " + e.getMessage(), e);
        }
        if (!frozen) {
            throw new LxcException(LxcException.Kind.TIMED_OUT, "freeze", getName(), "the container did not freeze within "
                    + LxcTool.seconds(timeout) + " s (a process in it could not be stopped); it was thawed again");
        }
        if (freezer.isV1()) {
            handles.must("freeze", LxcHandle::freeze);
        }
    }

    /** Thaws the container, within {@link #FREEZE_TIMEOUT}; liblxc's record of its state learns it on cgroup v1. */
    public void unfreeze() {
        Freezer freezer = freezer("unfreeze");
        try {
            if (!freezer.thaw(FREEZE_TIMEOUT)) {
                throw new LxcException(LxcException.Kind.TIMED_OUT, "unfreeze", getName(),
                        "its freezer did not say thawed within " + LxcTool.seconds(FREEZE_TIMEOUT) + " s");
            }
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.FAILED, "unfreeze", getName(), "its freezer: " + e.getMessage(), e);
        }
        if (freezer.isV1()) {
            handles.must("unfreeze", LxcHandle::unfreeze);
        }
    }

    /** The freezer of the running container; {@code operation} names the failure when it is not running. */
    private Freezer freezer(String operation) {
        return Freezer.of(cgroupLayout(operation), CgroupLayout.ROOT);
    }

    /** The cgroups of the running container's init; {@code operation} names the failure when it is not running. */
    CgroupLayout cgroupLayout(String operation) {
        int init = runningInitPid(operation);
        try {
            return CgroupLayout.ofProcess(init);
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.NOT_RUNNING, operation, getName(),
                    "container stopped while reading /proc/" + init + "/cgroup", e);
        }
    }

    /** Waits until the container is in {@code state}; false on timeout (null: forever). Python's {@code wait}. */
    public boolean waitFor(ContainerState state, Duration timeout) {
        return handles.withSpare("waitFor(" + state + ")", h -> h.wait(state.toString(), Handles.seconds(timeout)));
    }

    /** Renames the stopped container; this object then refers to the new name. */
    public void rename(String newName) {
        ContainerNames.validate("rename", newName);
        handles.lock();
        try {
            handles.must("rename", h -> h.rename(newName));
            String configPath = getConfigPath();
            LxcHandle renamed = LxcHandle.lxc_container_new(newName, configPath);
            if (renamed == null) {
                throw new LxcException(LxcException.Kind.FAILED, "rename", newName, "renamed, but liblxc could not open it under the new name");
            }
            handles.renamed(newName, renamed);
        } finally {
            handles.unlock();
        }
    }

    // ---- configuration -----------------------------------------------------------------------------------------

    /**
     * A configuration item: a String, or a List for multi-valued keys ({@code lxc.cap.drop},
     * {@code lxc.mount.entry}, ...), as python. An unknown key is an LxcException.
     */
    public Object getConfigItem(String key) {
        return ConfigItems.value(key, handles.valueLocal("getConfigItem(" + key + ")", LxcException.Kind.REFUSED, h -> h.get_config_item(key)));
    }

    /**
     * Replaces a configuration item. If liblxc rejects a
     * value, the old value is put back and the exception says why. Saved only by {@link #saveConfig()}.
     */
    public void setConfigItem(String key, String value) {
        ConfigItems.replace(handles, key, List.of(value), false);
    }

    /** Sets every value of a multi-valued key, replacing the old ones. */
    public void setConfigItem(String key, List<String> values) {
        ConfigItems.replace(handles, key, values, true);
    }

    /** Adds a value to a multi-valued key (for single-valued keys: replaces it). */
    public void appendConfigItem(String key, String value) {
        handles.mustLocal("appendConfigItem(" + key + ")", LxcException.Kind.REFUSED, h -> h.set_config_item(key, value));
        handles.unsaved(true);
    }

    public void clearConfigItem(String key) {
        handles.mustLocal("clearConfigItem(" + key + ")", LxcException.Kind.REFUSED, h -> h.clear_config_item(key));
        handles.unsaved(true);
    }

    /** Drops the whole in-memory configuration. */
    public void clearConfig() {
        handles.with("clearConfig", h -> {
            h.clear_config();
            handles.unsaved(true);
            return null;
        });
    }

    /** Keys under {@code prefix} (null = every key liblxc knows), e.g. {@code getKeys('lxc.net.0')}. */
    public List<String> getKeys(String prefix) {
        return ConfigItems.values(handles.valueLocal("getKeys(" + prefix + ")", LxcException.Kind.REFUSED, h -> h.get_keys(prefix)));
    }

    public List<String> getKeys() {
        return getKeys(null);
    }

    /** An item of the running container's configuration. */
    public String getRunningConfigItem(String key) {
        String operation = "getRunningConfigItem(" + key + ")";
        String value = handles.ask(operation, h -> h.get_running_config_item(key));
        if (value != null) {
            return value;
        }
        runningInitPid(operation);
        if (!Lxc.configItemIsSupported(key)) {
            throw new LxcException(LxcException.Kind.REFUSED, operation, getName(), "liblxc " + Lxc.version()
                    + " does not know the key '" + key + "'");
        }
        throw new LxcException(LxcException.Kind.FAILED, operation, getName(), "the key '" + key
                + "' is known to liblxc but not set in the running container");
    }

    /** Writes the configuration to the container's config file. */
    public void saveConfig() {
        handles.mustLocal("saveConfig", LxcException.Kind.FAILED, h -> h.save_config(null));
        handles.unsaved(false);
    }

    /** Writes the configuration to another file. */
    public void saveConfig(String path) {
        handles.mustLocal("saveConfig(" + path + ")", LxcException.Kind.FAILED, h -> h.save_config(path));
    }

    /** Reloads the configuration from the container's config file (null) or loads another file. */
    public void loadConfig(String path) {
        handles.mustLocal("loadConfig(" + path + ")", LxcException.Kind.FAILED, h -> h.load_config(path));
        handles.unsaved(path != null);
    }

    /** The configured network interfaces as views of {@code lxc.net.N.*}; {@code add(type)} adds one. */
    public NicList getNetwork() {
        return new NicList(this);
    }

    // ---- network state -----------------------------------------------------------------------------------------

    /**
     * Interface names inside the running container (with {@code lo}); empty when stopped. Read from /proc
     * without forking.
     */
    public List<String> getInterfaces() {
        return NetnsView.interfacesOf(initPid("getInterfaces"));
    }

    /** Every address on interfaces other than {@code lo}, without waiting. */
    public List<String> getIps() {
        return getIps(IpOptions.DEFAULT);
    }

    /** Addresses inside the container, python's {@code get_ips}: polled from /proc every 10 ms, no process forked. */
    public List<String> getIps(IpOptions o) {
        return NetnsView.waitForIps(() -> initPid("getIps"), o.family(), o.iface(), o.scope(), o.timeout());
    }

    /** liblxc's own {@code get_ips}: forks the JVM into the container's network namespace on every call. */
    List<String> getIpsFromLiblxc(String family, String iface, int scope) {
        String[] ips = handles.withSpare("getIps", h -> h.get_ips(iface, family, scope));
        return ips == null ? List.of() : List.of(ips);
    }

    /** liblxc's own {@code get_interfaces}: forks like {@link #getIpsFromLiblxc}. */
    List<String> getInterfacesFromLiblxc() {
        String[] names = handles.withSpare("getInterfaces", LxcHandle::get_interfaces);
        return names == null ? List.of() : List.of(names);
    }

    /** Moves host interface {@code dev} into the running container, named {@code dstDev} (null: same name). */
    public void attachInterface(String dev, String dstDev) {
        handles.must("attachInterface(" + dev + ")", h -> h.attach_interface(dev, dstDev));
    }

    /** Moves interface {@code dev} of the container back to the host, named {@code dstDev} (null: same name). */
    public void detachInterface(String dev, String dstDev) {
        handles.must("detachInterface(" + dev + ")", h -> h.detach_interface(dev, dstDev));
    }

    // ---- attach ------------------------------------------------------------------------------------------------

    /** Runs {@code command} and captures its output; see {@link AttachOptions} for the defaults. */
    public ExecResult run(List<String> command) {
        return run(AttachOptions.DEFAULT, command);
    }

    public ExecResult run(String... command) {
        return run(AttachOptions.DEFAULT, List.of(command));
    }

    public ExecResult run(AttachOptions options, List<String> command) {
        return launch(options, command, false, Output.capture(), Output.capture()).waitFor();
    }

    /** Runs {@code command} on the JVM's stdout/stderr and returns its exit code (128 + signal if killed). */
    public int attachWait(List<String> command) {
        return attachWait(AttachOptions.DEFAULT, command);
    }

    /** Reads like python: {@code attachWait(attachRunCommand, ['apt-get', 'update'])}. */
    public int attachWait(Lxc.AttachFunction function, List<String> command) {
        return attachWait(function, AttachOptions.DEFAULT, command);
    }

    public int attachWait(AttachOptions options, List<String> command) {
        return attachWait(Lxc.AttachFunction.RUN_COMMAND, options, command);
    }

    public int attachWait(Lxc.AttachFunction function, AttachOptions options, List<String> command) {
        boolean shell = function == Lxc.AttachFunction.RUN_SHELL;
        return launch(options, shell ? null : command, shell, Output.inherit(), Output.inherit()).waitFor().status();
    }

    /** Starts {@code command} without waiting; output is inherited unless the options say otherwise. */
    public AttachedProcess attach(AttachOptions options, List<String> command) {
        return launch(options, command, false, Output.inherit(), Output.inherit());
    }

    private AttachedProcess launch(AttachOptions options, List<String> command, boolean shell, Output out, Output err) {
        Objects.requireNonNull(options, "options");
        requireMappedIds(options);
        return AttachLaunch.start(getName(), handles, options, command, shell, out, err);
    }

    /**
     * Attach's uid, gid and groups are the container's ids; in an unprivileged container one its map gives no host
     * id cannot be taken, and is refused before anything runs.
     */
    private void requireMappedIds(AttachOptions o) {
        List<Integer> groups = o.groups() == null ? List.of() : o.groups();
        if (o.uid() == null && o.gid() == null && groups.isEmpty()) {
            return;
        }
        IdMap map = IdMap.of(this);
        String unmapped = map.firstUnmapped(o.uid(), o.gid(), groups);
        if (unmapped != null) {
            throw map.refusal("attach", getName(), unmapped);
        }
    }

    // ---- clones and snapshots ----------------------------------------------------------------------------------

    public Container clone(String newName) {
        return clone(newName, CloneOptions.DEFAULT);
    }

    /** Clones the (stopped) container; the clone is returned open, for the caller to close. */
    public Container clone(String newName, CloneOptions o) {
        ContainerNames.validate("clone", newName);
        LxcHandle copy = handles.value("clone to '" + newName + "'", h -> h.clone(newName, o.configPath(), o.flags(),
                o.bdevtype(), o.bdevdata(), o.newsize(), o.hookArgs().isEmpty() ? null : o.hookArgs().toArray(new String[0])));
        return new Container(copy, newName);
    }

    /** Takes a snapshot (optionally with a comment file) and returns its name, e.g. "snap0". */
    public String snapshot() {
        return snapshot(null);
    }

    public String snapshot(String commentFile) {
        return "snap" + handles.count("snapshot", h -> h.snapshot(commentFile));
    }

    public List<Snapshot> snapshotList() {
        PointerByReference out = new PointerByReference();
        int n = handles.count("snapshotList", h -> h.snapshot_list(out));
        return LxcStructs.Snapshot.take(out.getValue(), n).stream().map(f -> new Snapshot(f[0], f[1], f[2], f[3])).toList();
    }

    /**
     * Restores snapshot {@code snapName} over this (stopped) container. The container keeps the MAC addresses it had
     * when the snapshot was taken (liblxc's restore gives it new ones, and so a new DHCP lease and address).
     */
    public void snapshotRestore(String snapName) {
        snapshotRestore(snapName, getName());
    }

    /** Restores snapshot {@code snapName} as container {@code newName} (this one's name: replaces it, see above). */
    public void snapshotRestore(String snapName, String newName) {
        ContainerNames.validate("snapshotRestore", newName);
        boolean inPlace = newName.equals(getName());
        List<String> macs = inPlace ? snapshotMacs(snapName) : List.of();
        handles.lock();
        try {
            handles.must("snapshotRestore(" + snapName + ")", h -> h.snapshot_restore(snapName, newName));
            if (inPlace) {
                handles.reloadConfig();
                NicList nics = getNetwork();
                for (int i = 0; i < Math.min(macs.size(), nics.size()); i++) {
                    if (macs.get(i) != null) {
                        nics.get(i).setHwaddr(macs.get(i));
                    }
                }
                saveConfig();
            }
        } finally {
            handles.unlock();
        }
    }

    /** The MAC address of each interface in a snapshot's configuration (null where it has none). */
    private List<String> snapshotMacs(String snapName) {
        Snapshot snap = snapshotList().stream().filter(s -> s.name().equals(snapName)).findFirst().orElse(null);
        if (snap == null) {
            return List.of();   // liblxc names the missing snapshot in its own error
        }
        try (Container saved = new Container(snapName, snap.path())) {
            return saved.getNetwork().stream().map(Nic::getHwaddr).toList();
        }
    }

    public void snapshotDestroy(String snapName) {
        handles.mustLocal("snapshotDestroy(" + snapName + ")", LxcException.Kind.FAILED, h -> h.snapshot_destroy(snapName));
    }

    public void snapshotDestroyAll() {
        handles.must("snapshotDestroyAll", LxcHandle::snapshot_destroy_all);
    }

    // ---- the rest of lxccontainer.h ----------------------------------------------------------------------------

    /** A cgroup item of the running container, e.g. "memory.limit_in_bytes" (v1) or "pids.max" (v2). */
    public String getCgroupItem(String key) {
        String v = handles.ask("getCgroupItem(" + key + ")", h -> h.get_cgroup_item(key));
        if (v == null) {
            throw new CgroupStats(this, "getCgroupItem(" + key + ")").whyUnreadable(key);
        }
        return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
    }

    public void setCgroupItem(String key, String value) {
        handles.must("setCgroupItem(" + key + ")", h -> h.set_cgroup_item(key, value));
    }

    /**
     * The running container's files, read and written from the host: paths resolve inside the container's root
     * and no symlink leads out of it. What is created is owned by the container's root as the container sees it
     * (through {@code lxc.idmap} in an unprivileged one).
     */
    public ContainerFiles getFiles() {
        return new ContainerFiles(this);
    }

    /** Memory charged to the running container, in bytes (cgroup v1 or v2 alike). */
    public long getMemoryUsage() {
        return new CgroupStats(this, "getMemoryUsage").memoryUsage();
    }

    /** The running container's memory limit in bytes; -1 when unlimited. */
    public long getMemoryLimit() {
        return new CgroupStats(this, "getMemoryLimit").memoryLimit();
    }

    /** Sets the running container's memory limit ({@code bytes} -1: unlimited); lost at the next start. */
    public void setMemoryLimit(long bytes) {
        new CgroupStats(this, "setMemoryLimit").setMemoryLimit(bytes);
    }

    /** CPU time the running container used since it started, all CPUs together. */
    public Duration getCpuTime() {
        return new CgroupStats(this, "getCpuTime").cpuTime();
    }

    /** Counters per network interface inside the running container, read from /proc without forking. */
    public Map<String, InterfaceStats> getInterfaceStats() {
        try {
            return new NetnsView(runningInitPid("getInterfaceStats")).interfaceStats();
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.NOT_RUNNING, "getInterfaceStats", getName(), "container stopped while reading: " + e.getMessage(), e);
        }
    }

    /** Memory, CPU, block I/O, task count and network counters of the running container in one snapshot. */
    public ContainerStats getStats() {
        return new CgroupStats(this, "getStats").all();
    }

    /** The init's pid; an LxcException naming {@code operation} when the container is not running. */
    int runningInitPid(String operation) {
        int pid = initPid(operation);
        if (pid <= 0) {
            throw new LxcException(LxcException.Kind.NOT_RUNNING, operation, getName(), "container is not running");
        }
        return pid;
    }

    /** Creates device node {@code destPath} (null: same path) in the running container, from host {@code srcPath}. */
    public void addDeviceNode(String srcPath, String destPath) {
        String dest = destPath == null ? srcPath : destPath;
        if (!Files.exists(Path.of(dest))) {
            // liblxc 5.0 stat()s the destination on the host and fails without a word when it is missing there
            throw new LxcException(LxcException.Kind.REFUSED, "addDeviceNode(" + srcPath + ")", getName(),
                    "liblxc needs the destination path " + dest + " to exist on the host as well");
        }
        handles.must("addDeviceNode(" + srcPath + ")", h -> h.add_device_node(srcPath, destPath));
    }

    public void removeDeviceNode(String srcPath, String destPath) {
        handles.must("removeDeviceNode(" + srcPath + ")", h -> h.remove_device_node(srcPath, destPath));
    }

    /** A console's pty, for the caller to read and write; {@code ttynum} -1 takes the first free one. */
    public ConsoleFd consoleGetFd(int ttynum) {
        IntByReference tty = new IntByReference(ttynum);
        IntByReference ptx = new IntByReference(-1);
        int fd = handles.count("consoleGetFd", h -> h.console_getfd(tty, ptx));
        return new ConsoleFd(fd, tty.getValue(), ptx.getValue());
    }

    /** Connects the given fds to a console interactively until the escape sequence (Ctrl-{@code escape} q). */
    public void console(ConsoleOptions o) {
        // a session lasts as long as the user likes: on a handle of its own, so the container stays usable meanwhile
        handles.withSpare("console", h -> {
            long mark = LxcLog.mark();
            if (h.console(o.ttynum(), o.stdinFd(), o.stdoutFd(), o.stderrFd(), o.escape()) != 0) {
                throw handles.failure("console", LxcException.Kind.FAILED, mark, h, 0);
            }
            return null;
        });
    }

    /** python's {@code console()}: the first free console on this process's terminal, quit with Ctrl-a q. */
    public void console() {
        console(ConsoleOptions.DEFAULT);
    }

    /** Reads (and optionally clears) the console ring buffer; needs {@code lxc.console.buffer.size}. */
    public String consoleLog(ConsoleLogOptions o) {
        StructMemory log = LxcStructs.ConsoleLog.request(o.clear(), o.read(), o.readMax());
        handles.count("consoleLog", h -> h.console_log(log));
        return LxcStructs.ConsoleLog.takeData(log);
    }

    /** Checkpoints the running container with CRIU into {@code directory}. */
    public void checkpoint(CheckpointOptions o) {
        withCriuReason("checkpoint", o.directory(), "dump.log", h -> h.checkpoint(o.directory(), o.stop(), o.verbose()));
    }

    /** Restores the container from a CRIU checkpoint. */
    public void restore(String directory, boolean verbose) {
        withCriuReason("restore", directory, "restore.log", h -> h.restore(directory, verbose));
    }

    /** liblxc reports only CRIU's exit status; CRIU's own reason is in its log in the checkpoint directory. */
    private void withCriuReason(String operation, String directory, String criuLog, Predicate<LxcHandle> call) {
        try {
            handles.must(operation, call);
        } catch (LxcException e) {
            throw LxcFailure.withCriuLog(e, Path.of(directory, criuLog));
        }
    }

    /** liblxc's {@code migrate}: {@code cmd} is one of {@code Lxc.MIGRATE_*}. */
    public void migrate(int cmd, MigrateOptions options) {
        handles.ask("migrate", h -> {
            long mark = LxcLog.mark();
            int rc = h.migrate(cmd, options.toNative(), LxcStructs.MigrateOpts.SIZEOF);
            if (rc != 0) {
                throw handles.failure("migrate", LxcException.Kind.FAILED, mark, h, rc);
            }
            return null;
        });
    }

    /** Mounts {@code source} of the host at {@code target} inside the running container (mount injection). */
    public void mount(MountOptions o) {
        handles.count("mount(" + o.target() + ")",
                h -> h.mount(o.source(), o.target(), o.fstype(), o.flags(), NativeStrings.cString(o.data()), LxcStructs.Mount.v1()));
    }

    public void umount(String target, long flags) {
        handles.count("umount(" + target + ")", h -> h.umount(target, flags, LxcStructs.Mount.v1()));
    }

    /** A pidfd of the container's init (the caller closes it). */
    public int getInitPidfd() {
        return handles.count("initPidfd", LxcHandle::init_pidfd);
    }

    /** An fd of the container's devpts mount (the caller closes it). */
    public int getDevptsFd() {
        return handles.count("devptsFd", LxcHandle::devpts_fd);
    }

    public int getSeccompNotifyFd() {
        return handles.count("seccompNotifyFd", LxcHandle::seccomp_notify_fd);
    }

    public int getSeccompNotifyFdActive() {
        return handles.count("seccompNotifyFdActive", LxcHandle::seccomp_notify_fd_active);
    }


    @Override
    public String toString() {
        return "Container[" + getName() + "]";
    }

}
