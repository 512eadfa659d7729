package org.lxcgroovy.engine;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
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
public class Container implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long CREATE_TIMEOUT_SECONDS = 1800;

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedDeque<LxcHandle> spareHandles = new ConcurrentLinkedDeque<>();
    private volatile String name;
    private volatile LxcHandle handle;
    private volatile boolean closed;
    /** Bumped when name or config path change, so spare handles of the old identity are not reused. */
    private volatile int identity;
    /** The handle holds configuration not yet saved to the container's config file. */
    private boolean configDirty;

    /** A container of the default config path. It need not exist yet: {@link #create} makes it. */
    public Container(String name) {
        this(name, null);
    }

    /** A container of {@code configPath} (null = the default, {@code lxc.lxcpath}). */
    public Container(String name, String configPath) {
        validateName("new Container", name);
        this.name = name;
        long mark = LxcLog.mark();
        this.handle = LxcHandle.lxc_container_new(name, configPath);
        if (handle == null) {
            String reason = LxcLog.reasonSince(mark, name);
            throw new LxcException(LxcException.Kind.FAILED, "new Container", name, reason != null ? reason
                    : "liblxc could not open it in " + (configPath == null ? Lxc.defaultConfigPath() : configPath));
        }
    }

    private Container(LxcHandle adopted, String name) {
        this.name = name;
        this.handle = adopted;
    }

    static void validateName(String operation, String name) {
        if (name == null || name.isEmpty()) {
            throw new LxcException(LxcException.Kind.REFUSED, operation, name, "a container name must not be empty");
        }
        if (name.equals(".") || name.equals("..") || name.contains("/")) {
            throw new LxcException(LxcException.Kind.REFUSED, operation, name, "a container name must not contain '/' or be '.' or '..'");
        }
        for (char ch : name.toCharArray()) {
            if (Character.isISOControl(ch) || Character.isWhitespace(ch)) {
                throw new LxcException(LxcException.Kind.REFUSED, operation, name, "a container name must not contain white space or control characters");
            }
        }
    }

    // ---- plumbing: one locked primary handle, spare handles for attach and waits -----------------------------

    private <T> T withHandle(Function<LxcHandle, T> body) {
        lock.lock();
        try {
            ensureOpen();
            return body.apply(handle);
        } finally {
            lock.unlock();
        }
    }

    /** Runs a bool-returning liblxc call; false becomes an LxcException with liblxc's reason. */
    private void must(String operation, Predicate<LxcHandle> call) {
        withHandle(h -> {
            long mark = LxcLog.mark();
            if (!call.test(h)) {
                throw failure(operation, mark, h);
            }
            return null;
        });
    }

    private LxcException failure(String operation, long mark, LxcHandle h) {
        return failure(operation, mark, h, 0);
    }

    /** As above, for calls that return {@code -errno}. Configuration calls fail on what they were given. */
    private LxcException failure(String operation, long mark, LxcHandle h, int negativeErrno) {
        boolean config = operation.contains("ConfigItem(") || operation.startsWith("getKeys(");
        return LxcFailure.of(operation, name, mark, h, negativeErrno,
                config ? LxcException.Kind.REFUSED : LxcException.Kind.FAILED);
    }

    /** A handle used by one thread at a time, for calls that fork (attach) or block (waits). */
    private <T> T withSpareHandle(Function<LxcHandle, T> body) {
        ensureOpen();
        int id = identity;
        LxcHandle h = spareHandles.pollFirst();
        if (h == null) {
            long mark = LxcLog.mark();
            h = LxcHandle.lxc_container_new(name, getConfigPath());
            if (h == null) {
                throw new LxcException(LxcException.Kind.FAILED, "open", name, Objects.requireNonNullElse(LxcLog.reasonSince(mark, name), "liblxc could not open it"));
            }
        }
        try {
            return body.apply(h);
        } finally {
            if (closed || id != identity) {
                h.close();
            } else {
                spareHandles.offerFirst(h);
            }
        }
    }

    private void dropSpareHandles() {
        identity++;
        LxcHandle h;
        while ((h = spareHandles.pollFirst()) != null) {
            h.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("container '" + name + "' was closed");
        }
    }

    /** Puts back every liblxc reference this object holds. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handle.close();
            dropSpareHandles();
        } finally {
            lock.unlock();
        }
    }

    // ---- state -------------------------------------------------------------------------------------------------

    public String getName() {
        return name;
    }

    public boolean isDefined() {
        return withHandle(LxcHandle::is_defined);
    }

    public boolean isRunning() {
        return withHandle(LxcHandle::is_running);
    }

    public ContainerState getState() {
        return ContainerState.of(withHandle(LxcHandle::state));
    }

    /** The init process's pid as the host sees it; -1 when not running. */
    public int getInitPid() {
        return withHandle(LxcHandle::init_pid);
    }

    /** Path of the container's configuration file. */
    public String getConfigFileName() {
        return withHandle(LxcHandle::config_file_name);
    }

    public String getConfigPath() {
        return withHandle(LxcHandle::get_config_path);
    }

    /** Moves this object to another config path (the container's files stay where they are). */
    public void setConfigPath(String path) {
        must("setConfigPath", h -> h.set_config_path(path));
        dropSpareHandles();
    }

    /** Whether the caller may control the container (liblxc's may_control). */
    public boolean isControllable() {
        return withHandle(LxcHandle::may_control);
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    /** Creates the container from a template, with no template arguments. */
    public void create(String template) {
        create(template, 0, Map.of());
    }

    /** Creates the container; each {@code args} entry becomes {@code --key value} (true alone: {@code --key}). */
    public void create(String template, Map<String, ?> args) {
        create(template, 0, args);
    }

    /** Groovy's named arguments: {@code c.create('download', dist: 'debian', release: 'bookworm', arch: 'amd64')}. */
    public void create(Map<String, ?> args, String template) {
        create(template, 0, args);
    }

    public void create(String template, int flags, Map<String, ?> args) {
        create(template, flags, args, null, Map.of());
    }

    /**
     * Creates the container with {@code lxc-create}, so that a failing template's own words reach the exception
     * and no fork of the JVM runs the template. {@code template} null creates a bare container. {@code bdevtype}
     * ("dir", "btrfs", "lvm", "zfs", "loop", "rbd", "best") and {@code bdevSpecs} ({@code fstype}, {@code fssize},
     * {@code dir}, {@code zfsroot}, {@code vgname}, {@code lvname}, {@code thinpool}, {@code rbdname},
     * {@code rbdpool}) choose the backing store. On failure nothing of the container is left behind.
     */
    public void create(String template, int flags, Map<String, ?> args, String bdevtype, Map<String, ?> bdevSpecs) {
        lock.lock();
        Path altConfig = null;
        Path dir = null;
        try {
            ensureOpen();
            String configPath = getConfigPath();
            dir = Path.of(configPath, name);
            boolean existed = Files.exists(dir);
            if (handle.is_defined()) {
                throw new LxcException(LxcException.Kind.ALREADY_EXISTS, "create", name, "container already exists in " + configPath);
            }
            List<String> argv = new ArrayList<>(List.of("lxc-create", "-n", name, "-P", configPath,
                    "-t", template == null ? "none" : template));
            if (bdevtype != null) {
                argv.addAll(List.of("-B", bdevtype));
            }
            if ((flags & Lxc.LXC_CREATE_QUIET) != 0) {
                argv.add("-q");
            }
            if (bdevSpecs != null) {
                for (Map.Entry<String, ?> e : bdevSpecs.entrySet()) {
                    argv.add("--" + e.getKey() + "=" + e.getValue());
                }
            }
            if (configDirty) {
                altConfig = saveToTempFile("create");
                argv.addAll(List.of("-f", altConfig.toString()));
            }
            argv.add("--");
            if (args != null) {
                for (Map.Entry<String, ?> e : args.entrySet()) {
                    Object v = e.getValue();
                    if (Boolean.TRUE.equals(v)) {
                        argv.add("--" + e.getKey());
                    } else if (v instanceof Collection<?> many) {
                        for (Object one : many) {
                            argv.addAll(List.of("--" + e.getKey(), String.valueOf(one)));
                        }
                    } else if (v != null && !Boolean.FALSE.equals(v)) {
                        argv.addAll(List.of("--" + e.getKey(), String.valueOf(v)));
                    }
                }
            }
            try {
                LxcTool.run("create", name, argv, CREATE_TIMEOUT_SECONDS);
            } catch (LxcException e) {
                if (!existed) {
                    removeLeftovers(dir);
                }
                throw e;
            }
            reloadConfig();
        } finally {
            LxcTool.deleteQuietly(altConfig);
            lock.unlock();
        }
    }

    /** Removes what a failed create left in the container's own directory (which did not exist before). */
    private static void removeLeftovers(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a busy file stays; the container is still not defined
                }
            });
        } catch (IOException ignored) {
            // nothing more we can remove
        }
    }

    private Path saveToTempFile(String operation) {
        try {
            Path file = Files.createTempFile("lxc-groovy-" + name + "-", ".conf");
            long mark = LxcLog.mark();
            if (!handle.save_config(file.toString())) {
                LxcTool.deleteQuietly(file);
                throw failure(operation, mark, handle);
            }
            return file;
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, operation, name, e.getMessage(), e);
        }
    }

    private void reloadConfig() {
        handle.clear_config();
        handle.load_config(null);
        configDirty = false;
        dropSpareHandles();
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
        if (useinit && command.isEmpty()) {
            throw new IllegalArgumentException("start with useinit needs a command for liblxc's init to run");
        }
        withToolArgv("start", useinit ? "lxc-execute" : "lxc-start", useinit ? List.of("-d") : List.of(), command, argv -> {
            try {
                LxcTool.run("start", name, argv, START_TIMEOUT_SECONDS);
            } catch (LxcException e) {
                if (!configDirty && !handle.is_defined()) {
                    throw new LxcException(LxcException.Kind.NOT_DEFINED, "start", name, "container is not defined in " + getConfigPath()
                            + " (liblxc: " + e.getReason() + ")", e);
                }
                throw e;
            }
            return null;
        });
    }

    /** Named options {@code useinit} (boolean) and {@code command} (list), as python's {@code start}. */
    public void start(Map<String, ?> options) {
        NamedOptions.check("start", options, List.of("useinit", "command"));
        Object command = options.get("command");
        start(Boolean.TRUE.equals(options.get("useinit")),
                command == null ? List.of() : ((List<?>) command).stream().map(String::valueOf).toList());
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
        if (command.isEmpty()) {
            throw new IllegalArgumentException("execute needs a command");
        }
        return withToolArgv("execute", "lxc-execute", List.of(), command, argv -> {
            // lxc-execute runs even without a config ("may crash the host"), and its exit status is the command's
            if (!configDirty && !handle.is_defined()) {
                throw new LxcException(LxcException.Kind.NOT_DEFINED, "execute", name, "container is not defined in " + getConfigPath());
            }
            if (handle.is_running()) {
                throw new LxcException(LxcException.Kind.ALREADY_RUNNING, "execute", name, "container is already running");
            }
            return LxcTool.execute(name, argv, timeout, () -> withSpareHandle(LxcHandle::stop));
        });
    }

    /** Runs {@code tool -n NAME -P PATH [-f unsaved-config] toolOptions -- command} under the lock. */
    private <T> T withToolArgv(String operation, String tool, List<String> toolOptions, List<String> command,
                               Function<List<String>, T> body) {
        lock.lock();
        Path altConfig = null;
        try {
            ensureOpen();
            List<String> argv = new ArrayList<>(List.of(tool, "-n", name, "-P", getConfigPath()));
            if (configDirty) {
                altConfig = saveToTempFile(operation);
                argv.addAll(List.of("-f", altConfig.toString()));
            }
            argv.addAll(toolOptions);
            if (!command.isEmpty()) {
                argv.add("--");
                argv.addAll(command);
            }
            return body.apply(argv);
        } finally {
            LxcTool.deleteQuietly(altConfig);
            lock.unlock();
        }
    }

    /** Kills the container at once. */
    public void stop() {
        must("stop", LxcHandle::stop);
    }

    /** Asks init to halt; true when the container stopped within {@code timeoutSeconds} (-1: wait forever). */
    public boolean shutdown(int timeoutSeconds) {
        return withSpareHandle(h -> h.shutdown(timeoutSeconds));
    }

    /** Asks init to reboot (no wait). */
    public void reboot() {
        must("reboot", LxcHandle::reboot);
    }

    /** Reboots and waits up to {@code timeoutSeconds} for it; true when it came back. */
    public boolean reboot2(int timeoutSeconds) {
        return withSpareHandle(h -> h.reboot2(timeoutSeconds));
    }

    /** Destroys the stopped container and its files. Fails when it has snapshots: see {@link #destroyWithSnapshots()}. */
    public void destroy() {
        must("destroy", LxcHandle::destroy);
        dropSpareHandles();
    }

    public void destroyWithSnapshots() {
        must("destroyWithSnapshots", LxcHandle::destroy_with_snapshots);
        dropSpareHandles();
    }

    public void freeze() {
        must("freeze", LxcHandle::freeze);
    }

    public void unfreeze() {
        must("unfreeze", LxcHandle::unfreeze);
    }

    /** Waits until the container is in {@code state}; false on timeout ({@code -1}: forever). Python's {@code wait}. */
    public boolean waitFor(Object state, int timeoutSeconds) {
        String word = ContainerState.of(String.valueOf(state)).toString();
        return withSpareHandle(h -> h.wait(word, timeoutSeconds));
    }

    /** Renames the stopped container; this object then refers to the new name. */
    public void rename(String newName) {
        validateName("rename", newName);
        lock.lock();
        try {
            must("rename", h -> h.rename(newName));
            String configPath = getConfigPath();
            LxcHandle renamed = LxcHandle.lxc_container_new(newName, configPath);
            if (renamed == null) {
                throw new LxcException(LxcException.Kind.FAILED, "rename", newName, "renamed, but liblxc could not open it under the new name");
            }
            handle.close();
            handle = renamed;
            name = newName;
            configDirty = false;
            dropSpareHandles();
        } finally {
            lock.unlock();
        }
    }

    // ---- configuration -----------------------------------------------------------------------------------------

    /**
     * A configuration item: a String, or a List for multi-valued keys ({@code lxc.cap.drop},
     * {@code lxc.mount.entry}, ...), as python. An unknown key is an LxcException.
     */
    public Object getConfigItem(String key) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            String v = h.get_config_item(key);
            if (v == null) {
                throw failure("getConfigItem(" + key + ")", mark, h);
            }
            return ConfigItems.value(key, v);
        });
    }

    /**
     * Replaces a configuration item; a Collection sets every value of a multi-valued key. If liblxc rejects a
     * value, the old value is put back and the exception says why. Saved only by {@link #saveConfig()}.
     */
    public void setConfigItem(String key, Object value) {
        List<String> values = value instanceof Collection<?> many
                ? many.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
        withHandle(h -> {
            long mark = LxcLog.mark();
            String old = h.get_config_item(key);
            if (old == null) {
                throw failure("setConfigItem(" + key + ")", mark, h);
            }
            boolean list = value instanceof Collection<?> || ConfigItems.isList(key, old);
            if (list) {
                h.clear_config_item(key);
            }
            for (String v : values) {
                if (!h.set_config_item(key, v)) {
                    LxcException e = failure("setConfigItem(" + key + ")", mark, h);
                    restore(h, key, old, list);
                    throw e;
                }
            }
            configDirty = true;
            return null;
        });
    }

    private static void restore(LxcHandle h, String key, String old, boolean list) {
        if (list) {
            h.clear_config_item(key);
            for (String v : ConfigItems.values(old)) {
                h.set_config_item(key, v);
            }
        } else {
            h.set_config_item(key, old);
        }
    }

    /** Adds a value to a multi-valued key (for single-valued keys: replaces it). */
    public void appendConfigItem(String key, Object value) {
        must("appendConfigItem(" + key + ")", h -> h.set_config_item(key, String.valueOf(value)));
        markDirty();
    }

    public void clearConfigItem(String key) {
        must("clearConfigItem(" + key + ")", h -> h.clear_config_item(key));
        markDirty();
    }

    /** Drops the whole in-memory configuration. */
    public void clearConfig() {
        withHandle(h -> {
            h.clear_config();
            configDirty = true;
            return null;
        });
    }

    private void markDirty() {
        withHandle(h -> configDirty = true);
    }

    /** Keys under {@code prefix} (null = every key liblxc knows), e.g. {@code getKeys('lxc.net.0')}. */
    public List<String> getKeys(String prefix) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            String v = h.get_keys(prefix);
            if (v == null) {
                throw failure("getKeys(" + prefix + ")", mark, h);
            }
            return Arrays.stream(v.split("\n")).filter(s -> !s.isEmpty()).toList();
        });
    }

    public List<String> getKeys() {
        return getKeys(null);
    }

    /** An item of the running container's configuration. */
    public String getRunningConfigItem(String key) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            String v = h.get_running_config_item(key);
            if (v == null) {
                throw failure("getRunningConfigItem(" + key + ")", mark, h);
            }
            return v;
        });
    }

    /** Writes the configuration to the container's config file. */
    public void saveConfig() {
        must("saveConfig", h -> h.save_config(null));
        withHandle(h -> configDirty = false);
    }

    /** Writes the configuration to another file. */
    public void saveConfig(String path) {
        must("saveConfig(" + path + ")", h -> h.save_config(path));
    }

    /** Reloads the configuration from the container's config file (null) or loads another file. */
    public void loadConfig(String path) {
        must("loadConfig(" + path + ")", h -> h.load_config(path));
        withHandle(h -> configDirty = path != null);
    }

    /** The configured network interfaces as views of {@code lxc.net.N.*}; {@code add(type)} adds one. */
    public NicList getNetwork() {
        return new NicList();
    }

    /** The list behind {@link #getNetwork()}. */
    public final class NicList extends AbstractList<Nic> {
        private NicList() {
        }

        @Override
        public Nic get(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("container '" + name + "' has " + size() + " network interfaces, no " + index);
            }
            return new Nic(Container.this, index);
        }

        @Override
        public int size() {
            return withHandle(h -> {
                String v = h.get_config_item("lxc.net");
                return v == null ? 0 : (int) Arrays.stream(v.split("\n")).filter(s -> !s.isEmpty()).count();
            });
        }

        /** Adds an interface of {@code type} ("veth", "macvlan", "none", ...) and returns its view. */
        public Nic add(String type) {
            int index = size();
            must("network.add", h -> h.set_config_item("lxc.net." + index + ".type", type));
            markDirty();
            return new Nic(Container.this, index);
        }

        /** Removes interface {@code index} from the configuration. */
        @Override
        public Nic remove(int index) {
            Nic nic = get(index);
            must("network.remove", h -> h.clear_config_item("lxc.net." + index));
            markDirty();
            return nic;
        }
    }

    // ---- network state -----------------------------------------------------------------------------------------

    /**
     * Interface names inside the running container (with {@code lo}); empty when stopped. Read from /proc
     * without forking.
     */
    public List<String> getInterfaces() {
        int pid = getInitPid();
        if (pid <= 0) {
            return List.of();
        }
        try {
            return new NetnsView(pid).interfaces();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every address on interfaces other than {@code lo}, without waiting. */
    public List<String> getIps() {
        return getIps(null, null, 0, null);
    }

    /**
     * Addresses inside the container, python's {@code get_ips(family, interface, scope, timeout)} as named options:
     * {@code family} ("inet"/"inet6"), {@code interface}, {@code scope} (IPv6: 0 = global), {@code timeout}
     * (seconds: wait until one appears). Polled from /proc every 10 ms, so an address is seen promptly and no
     * process is forked per poll.
     */
    public List<String> getIps(Map<String, ?> options) {
        NamedOptions.check("getIps", options, List.of("family", "interface", "scope", "timeout"));
        Object scope = options.get("scope");
        return getIps((String) options.get("family"), (String) options.get("interface"),
                scope == null ? 0 : ((Number) scope).intValue(), AttachOptions.duration(options.get("timeout")));
    }

    public List<String> getIps(String family, String iface, int scope, Duration timeout) {
        if (family != null && !family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("family must be 'inet' or 'inet6', not '" + family + "'");
        }
        long deadline = System.nanoTime() + (timeout == null ? 0 : timeout.toNanos());
        int pid = -1;
        while (true) {
            if (pid <= 0) {
                pid = getInitPid();
            }
            if (pid > 0) {
                try {
                    List<String> ips = new NetnsView(pid).ips(family, iface, scope);
                    if (!ips.isEmpty()) {
                        return ips;
                    }
                } catch (IOException e) {
                    pid = -1; // init went away: the container stopped or restarted
                }
            }
            if (System.nanoTime() >= deadline) {
                return List.of();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** liblxc's own {@code get_ips}: forks the JVM into the container's network namespace on every call. */
    public List<String> getIpsFromLiblxc(String family, String iface, int scope) {
        String[] ips = withSpareHandle(h -> h.get_ips(iface, family, scope));
        return ips == null ? List.of() : List.of(ips);
    }

    /** liblxc's own {@code get_interfaces}: forks like {@link #getIpsFromLiblxc}. */
    public List<String> getInterfacesFromLiblxc() {
        String[] names = withSpareHandle(LxcHandle::get_interfaces);
        return names == null ? List.of() : List.of(names);
    }

    /** Moves host interface {@code dev} into the running container, named {@code dstDev} (null: same name). */
    public void attachInterface(String dev, String dstDev) {
        must("attachInterface(" + dev + ")", h -> h.attach_interface(dev, dstDev));
    }

    /** Moves interface {@code dev} of the container back to the host, named {@code dstDev} (null: same name). */
    public void detachInterface(String dev, String dstDev) {
        must("detachInterface(" + dev + ")", h -> h.detach_interface(dev, dstDev));
    }

    // ---- attach ------------------------------------------------------------------------------------------------

    /** Runs {@code command} and captures its output; see {@link AttachOptions} for the defaults. */
    public ExecResult run(List<String> command) {
        return run(AttachOptions.DEFAULT, command);
    }

    public ExecResult run(String... command) {
        return run(AttachOptions.DEFAULT, List.of(command));
    }

    public ExecResult run(Map<String, ?> options, List<String> command) {
        return run(AttachOptions.of(options), command);
    }

    public ExecResult run(Map<String, ?> options, String... command) {
        return run(AttachOptions.of(options), List.of(command));
    }

    public ExecResult run(AttachOptions options, List<String> command) {
        return launch(options, command, Output.capture(), Output.capture()).waitFor();
    }

    /** Runs {@code command} on the JVM's stdout/stderr and returns its exit code (128 + signal if killed). */
    public int attachWait(List<String> command) {
        return attachWait(AttachOptions.DEFAULT, command);
    }

    public int attachWait(Map<String, ?> options, List<String> command) {
        return attachWait(AttachOptions.of(options), command);
    }

    /** Reads like python: {@code attachWait(attachRunCommand, ['apt-get', 'update'])}. */
    public int attachWait(Lxc.AttachFunction function, List<String> command) {
        return attachWait(function, AttachOptions.DEFAULT, command);
    }

    /** Groovy's spelling of the above: named options come first ({@code attachWait(attachRunCommand, cmd, uid: 0)}). */
    public int attachWait(Map<String, ?> options, Lxc.AttachFunction function, List<String> command) {
        return attachWait(function, options, command);
    }

    public int attachWait(Lxc.AttachFunction function, Map<String, ?> options, List<String> command) {
        return attachWait(function, AttachOptions.of(options), command);
    }

    public int attachWait(AttachOptions options, List<String> command) {
        return attachWait(Lxc.AttachFunction.RUN_COMMAND, options, command);
    }

    public int attachWait(Lxc.AttachFunction function, AttachOptions options, List<String> command) {
        if (function == Lxc.AttachFunction.RUN_SHELL) {
            return withSpareHandle(h -> AttachedProcess.start(name, h, options, null, LibLxc.ATTACH_RUN_SHELL,
                    Output.inherit(), Output.inherit())).waitFor().status();
        }
        return launch(options, command, Output.inherit(), Output.inherit()).waitFor().status();
    }

    /** Starts {@code command} without waiting; output is inherited unless the options say otherwise. */
    public AttachedProcess attach(AttachOptions options, List<String> command) {
        return launch(options, command, Output.inherit(), Output.inherit());
    }

    public AttachedProcess attach(Map<String, ?> options, List<String> command) {
        return attach(AttachOptions.of(options), command);
    }

    private AttachedProcess launch(AttachOptions options, List<String> command, Output out, Output err) {
        Objects.requireNonNull(options, "options");
        return withSpareHandle(h -> AttachedProcess.start(name, h, options, command, LibLxc.ATTACH_RUN_COMMAND, out, err));
    }

    // ---- clones and snapshots ----------------------------------------------------------------------------------

    public Container clone(String newName) {
        return clone(newName, CloneOptions.DEFAULT);
    }

    public Container clone(String newName, Map<String, ?> options) {
        return clone(newName, CloneOptions.of(options));
    }

    /** Groovy's named arguments: {@code c.clone('copy', bdevtype: 'overlayfs', flags: LXC_CLONE_SNAPSHOT)}. */
    public Container clone(Map<String, ?> options, String newName) {
        return clone(newName, CloneOptions.of(options));
    }

    /** Clones the (stopped) container; the clone is returned open, for the caller to close. */
    public Container clone(String newName, CloneOptions o) {
        validateName("clone", newName);
        return withHandle(h -> {
            long mark = LxcLog.mark();
            LxcHandle copy = h.clone(newName, o.configPath(), o.flags(), o.bdevtype(), o.bdevdata(), o.newsize(),
                    o.hookArgs().isEmpty() ? null : o.hookArgs().toArray(new String[0]));
            if (copy == null) {
                throw failure("clone to '" + newName + "'", mark, h);
            }
            return new Container(copy, newName);
        });
    }

    /** Takes a snapshot (optionally with a comment file) and returns its name, e.g. "snap0". */
    public String snapshot() {
        return snapshot(null);
    }

    public String snapshot(String commentFile) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            int n = h.snapshot(commentFile);
            if (n < 0) {
                throw failure("snapshot", mark, h);
            }
            return "snap" + n;
        });
    }

    public List<Snapshot> snapshotList() {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            PointerByReference out = new PointerByReference();
            int n = h.snapshot_list(out);
            if (n < 0) {
                throw failure("snapshotList", mark, h);
            }
            return LxcStructs.Snapshot.take(out.getValue(), n).stream()
                    .map(f -> new Snapshot(f[0], f[1], f[2], f[3])).toList();
        });
    }

    /** Restores snapshot {@code snapName} over this container. */
    public void snapshotRestore(String snapName) {
        snapshotRestore(snapName, name);
    }

    /** Restores snapshot {@code snapName} as container {@code newName} (this one's name: replaces it). */
    public void snapshotRestore(String snapName, String newName) {
        validateName("snapshotRestore", newName);
        withHandle(h -> {
            long mark = LxcLog.mark();
            if (!h.snapshot_restore(snapName, newName)) {
                throw failure("snapshotRestore(" + snapName + ")", mark, h);
            }
            if (newName.equals(name)) {
                reloadConfig();
            }
            return null;
        });
    }

    public void snapshotDestroy(String snapName) {
        must("snapshotDestroy(" + snapName + ")", h -> h.snapshot_destroy(snapName));
    }

    public void snapshotDestroyAll() {
        must("snapshotDestroyAll", LxcHandle::snapshot_destroy_all);
    }

    // ---- the rest of lxccontainer.h ----------------------------------------------------------------------------

    /** A cgroup item of the running container, e.g. "memory.limit_in_bytes" (v1) or "pids.max" (v2). */
    public String getCgroupItem(String key) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            String v = h.get_cgroup_item(key);
            if (v == null) {
                throw failure("getCgroupItem(" + key + ")", mark, h);
            }
            return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
        });
    }

    public void setCgroupItem(String key, Object value) {
        must("setCgroupItem(" + key + ")", h -> h.set_cgroup_item(key, String.valueOf(value)));
    }

    /**
     * The running container's files, read and written from the host: paths resolve inside the container's root
     * and no symlink leads out of it.
     */
    public ContainerFiles getFiles() {
        return new ContainerFiles(this);
    }

    /** Memory charged to the running container, in bytes (cgroup v1 or v2 alike). */
    public long getMemoryUsage() {
        return memoryUsage(cgroupLayout("getMemoryUsage"));
    }

    /** The running container's memory limit in bytes; -1 when unlimited. */
    public long getMemoryLimit() {
        return memoryLimit(cgroupLayout("getMemoryLimit"));
    }

    /** Sets the running container's memory limit ({@code bytes} -1: unlimited); lost at the next start. */
    public void setMemoryLimit(long bytes) {
        CgroupLayout layout = cgroupLayout("setMemoryLimit");
        setCgroupItem(layout.memoryLimitKey(), layout.memoryLimitValue(bytes));
    }

    /** CPU time the running container used since it started, all CPUs together. */
    public Duration getCpuTime() {
        CgroupLayout layout = cgroupLayout("getCpuTime");
        return layout.parseCpuTotal(getCgroupItem(layout.cpuTotalKey()));
    }

    /** Counters per network interface inside the running container, read from /proc without forking. */
    public Map<String, InterfaceStats> getInterfaceStats() {
        try {
            return new NetnsView(runningInitPid("getInterfaceStats")).interfaceStats();
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.NOT_RUNNING, "getInterfaceStats", name, "container stopped while reading: " + e.getMessage(), e);
        }
    }

    /** Memory, CPU, block I/O, task count and network counters of the running container in one snapshot. */
    public ContainerStats getStats() {
        CgroupLayout layout = cgroupLayout("getStats");
        String cpuSplit = getCgroupItem(layout.cpuKey());
        // on cgroup v2 one item (cpu.stat) holds the total as well: read it once
        String cpuTotal = layout.cpuTotalKey().equals(layout.cpuKey()) ? cpuSplit : getCgroupItem(layout.cpuTotalKey());
        Duration[] userSystem = layout.parseCpuUserSystem(cpuSplit);
        long[] block = layout.parseBlockBytes(getCgroupItem(layout.blockKey()));
        return new ContainerStats(memoryUsage(layout), memoryLimit(layout),
                layout.parseCpuTotal(cpuTotal), userSystem[0], userSystem[1],
                block[0], block[1], Long.parseLong(getCgroupItem("pids.current").trim()), getInterfaceStats());
    }

    private long memoryUsage(CgroupLayout layout) {
        return Long.parseLong(getCgroupItem(layout.memoryUsageKey()).trim());
    }

    private long memoryLimit(CgroupLayout layout) {
        return CgroupLayout.parseMemoryLimit(getCgroupItem(layout.memoryLimitKey()));
    }

    private int runningInitPid(String operation) {
        int pid = getInitPid();
        if (pid <= 0) {
            throw new LxcException(LxcException.Kind.NOT_RUNNING, operation, name, "container is not running");
        }
        return pid;
    }

    /** Which cgroup version each controller of the running container is on, from its init's /proc entry. */
    private CgroupLayout cgroupLayout(String operation) {
        Path procCgroup = Path.of("/proc", Integer.toString(runningInitPid(operation)), "cgroup");
        try {
            return new CgroupLayout(Files.readAllLines(procCgroup));
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.NOT_RUNNING, operation, name, "container stopped while reading " + procCgroup, e);
        }
    }

    /** Creates device node {@code destPath} (null: same path) in the running container, from host {@code srcPath}. */
    public void addDeviceNode(String srcPath, String destPath) {
        String dest = destPath == null ? srcPath : destPath;
        if (!Files.exists(Path.of(dest))) {
            // liblxc 5.0 stat()s the destination on the host and fails without a word when it is missing there
            throw new LxcException(LxcException.Kind.REFUSED, "addDeviceNode(" + srcPath + ")", name,
                    "liblxc needs the destination path " + dest + " to exist on the host as well");
        }
        must("addDeviceNode(" + srcPath + ")", h -> h.add_device_node(srcPath, destPath));
    }

    public void removeDeviceNode(String srcPath, String destPath) {
        must("removeDeviceNode(" + srcPath + ")", h -> h.remove_device_node(srcPath, destPath));
    }

    /** A console's pty, for the caller to read and write; {@code ttynum} -1 takes the first free one. */
    public ConsoleFd consoleGetFd(int ttynum) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            IntByReference tty = new IntByReference(ttynum);
            IntByReference ptx = new IntByReference(-1);
            int fd = h.console_getfd(tty, ptx);
            if (fd < 0) {
                throw failure("consoleGetFd", mark, h);
            }
            return new ConsoleFd(fd, tty.getValue(), ptx.getValue());
        });
    }

    /** Connects the given fds to a console interactively until the escape sequence (Ctrl-{@code escape} q). */
    public void console(int ttynum, int stdinFd, int stdoutFd, int stderrFd, int escape) {
        // a session lasts as long as the user likes: on a handle of its own, so the container stays usable meanwhile
        withSpareHandle(h -> {
            long mark = LxcLog.mark();
            if (h.console(ttynum, stdinFd, stdoutFd, stderrFd, escape) != 0) {
                throw failure("console", mark, h);
            }
            return null;
        });
    }

    /** python's {@code console()}: the first free console on this process's terminal, quit with Ctrl-a q. */
    public void console() {
        console(-1, 0, 1, 2, 1);
    }

    /**
     * Reads (and optionally clears) the console ring buffer; needs {@code lxc.console.buffer.size}.
     * {@code readMax} bounds the bytes read (0: all).
     */
    public String consoleLog(boolean clear, boolean read, long readMax) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            StructMemory log = LxcStructs.ConsoleLog.request(clear, read, readMax);
            int rc = h.console_log(log);
            if (rc < 0) {
                throw failure("consoleLog", mark, h, rc);
            }
            return LxcStructs.ConsoleLog.takeData(log);
        });
    }

    /** Checkpoints the running container with CRIU into {@code directory}. */
    public void checkpoint(String directory, boolean stop, boolean verbose) {
        withCriuReason("checkpoint", directory, "dump.log", h -> h.checkpoint(directory, stop, verbose));
    }

    /** Restores the container from a CRIU checkpoint. */
    public void restore(String directory, boolean verbose) {
        withCriuReason("restore", directory, "restore.log", h -> h.restore(directory, verbose));
    }

    /** liblxc reports only CRIU's exit status; CRIU's own reason is in its log in the checkpoint directory. */
    private void withCriuReason(String operation, String directory, String criuLog, Predicate<LxcHandle> call) {
        try {
            must(operation, call);
        } catch (LxcException e) {
            List<String> errors = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(Path.of(directory, criuLog))) {
                    if (line.contains("Error") || line.contains("error")) {
                        errors.add(line.trim());
                    }
                }
            } catch (IOException | RuntimeException noLog) {
                throw e;
            }
            if (errors.isEmpty()) {
                throw e;
            }
            String criu = String.join("; ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
            throw new LxcException(e.getKind(), operation, name, e.getReason() + "; " + criuLog + ": " + criu, e);
        }
    }

    /** liblxc's {@code migrate}: {@code cmd} is one of {@code Lxc.MIGRATE_*}. */
    public void migrate(int cmd, MigrateOptions options) {
        withHandle(h -> {
            long mark = LxcLog.mark();
            int rc = h.migrate(cmd, options.toNative(), LxcStructs.MigrateOpts.SIZEOF);
            if (rc != 0) {
                throw failure("migrate", mark, h, rc);
            }
            return null;
        });
    }

    /** Mounts {@code source} of the host at {@code target} inside the running container (mount injection). */
    public void mount(String source, String target, String fstype, long flags, String data) {
        withHandle(h -> {
            long mark = LxcLog.mark();
            int rc = h.mount(source, target, fstype, flags, NativeStrings.cString(data), LxcStructs.Mount.v1());
            if (rc < 0) {
                throw failure("mount(" + target + ")", mark, h, rc);
            }
            return null;
        });
    }

    public void umount(String target, long flags) {
        withHandle(h -> {
            long mark = LxcLog.mark();
            if (h.umount(target, flags, LxcStructs.Mount.v1()) < 0) {
                throw failure("umount(" + target + ")", mark, h);
            }
            return null;
        });
    }

    /** A pidfd of the container's init (the caller closes it). */
    public int getInitPidfd() {
        return fdOrFail("initPidfd", LxcHandle::init_pidfd);
    }

    /** An fd of the container's devpts mount (the caller closes it). */
    public int getDevptsFd() {
        return fdOrFail("devptsFd", LxcHandle::devpts_fd);
    }

    public int getSeccompNotifyFd() {
        return fdOrFail("seccompNotifyFd", LxcHandle::seccomp_notify_fd);
    }

    public int getSeccompNotifyFdActive() {
        return fdOrFail("seccompNotifyFdActive", LxcHandle::seccomp_notify_fd_active);
    }

    private int fdOrFail(String operation, Function<LxcHandle, Integer> call) {
        return withHandle(h -> {
            long mark = LxcLog.mark();
            int fd = call.apply(h);
            if (fd < 0) {
                throw failure(operation, mark, h, fd);
            }
            return fd;
        });
    }

    @Override
    public String toString() {
        return "Container[" + name + "]";
    }

}
