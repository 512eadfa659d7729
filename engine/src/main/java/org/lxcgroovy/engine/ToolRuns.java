package org.lxcgroovy.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * A container's create, start and execute, run through liblxc's tools ({@code lxc-create}, {@code lxc-start},
 * {@code lxc-execute}) under the container's lock: an in-process start would leave a fork of the JVM as the
 * container's monitor, and a template's own words only reach the user from the tool. Configuration the handle
 * holds but the file does not is handed over in a private file, so a start uses it as in python.
 */
final class ToolRuns {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(1800);

    private final Handles handles;

    ToolRuns(Handles handles) {
        this.handles = handles;
    }

    /** On failure nothing of the container is left behind. */
    void create(CreateOptions o) {
        handles.lock();
        Path altConfig = null;
        try {
            String name = handles.name();
            String configPath = handles.primary().get_config_path();
            Path dir = Path.of(configPath, name);
            boolean existed = Files.exists(dir);
            if (handles.primary().is_defined()) {
                throw new LxcException(LxcException.Kind.ALREADY_EXISTS, "create", name, "container already exists in " + configPath);
            }
            altConfig = unsavedConfig("create");
            if (altConfig != null) {
                withDefaults(name, altConfig);
            }
            List<String> argv = LxcTool.argv("lxc-create", name, configPath, altConfig,
                    LxcTool.createOptions(o.template(), o.flags(), o.bdevtype(), o.bdevSpecs()), o.templateArgs());
            try {
                LxcTool.run("create", name, argv, CREATE_TIMEOUT);
            } catch (LxcException e) {
                if (!existed) {
                    LxcTool.removeTree(dir); // it did not exist before: all of it is what the failed create left
                }
                throw e;
            }
            handles.reloadConfig();
        } finally {
            LxcTool.deleteQuietly(altConfig);
            handles.unlock();
        }
    }

    void start(boolean useinit, boolean daemonize, List<String> command) {
        if (useinit && command.isEmpty()) {
            throw new IllegalArgumentException("start with useinit needs a command for liblxc's init to run");
        }
        String tool = useinit ? "lxc-execute" : "lxc-start";
        handles.requireMonitor("start");    // the tool asks a running container's monitor, as liblxc does: unbounded
        // lxc-start daemonizes by default (-F: foreground); lxc-execute stays in the foreground (-d: daemonize)
        List<String> mode = useinit ? (daemonize ? List.of("-d") : List.of()) : (daemonize ? List.of() : List.of("-F"));
        if (daemonize) {
            withToolArgv("start", tool, mode, command, argv -> {
                try {
                    LxcTool.run("start", handles.name(), argv, START_TIMEOUT);
                } catch (LxcException e) {
                    throw notDefined() ? notDefinedFailure("start", " (liblxc: " + e.getReason() + ")", e) : e;
                }
                return null;
            });
            return;
        }
        // in the foreground the tool lasts as long as the container: the lock is held only to hand it over, so
        // other threads can use (and stop) the container meanwhile
        Path altConfig = null;
        List<String> argv;
        handles.lock();
        try {
            altConfig = unsavedConfig("start");
            argv = LxcTool.argv(tool, handles.name(), handles.primary().get_config_path(), altConfig, mode, command);
            if (notDefined()) {
                throw notDefinedFailure("start", "", null);
            }
        } catch (RuntimeException e) {
            LxcTool.deleteQuietly(altConfig);
            throw e;
        } finally {
            handles.unlock();
        }
        try {
            LxcTool.runInForeground("start", handles.name(), argv);
        } finally {
            LxcTool.deleteQuietly(altConfig);
        }
    }

    ExecResult execute(Duration timeout, List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("execute needs a command");
        }
        return withToolArgv("execute", "lxc-execute", List.of(), command, argv -> {
            // lxc-execute runs even without a config ("may crash the host"), and its exit status is the command's
            if (notDefined()) {
                throw notDefinedFailure("execute", "", null);
            }
            if (handles.primary().is_running()) {
                throw new LxcException(LxcException.Kind.ALREADY_RUNNING, "execute", handles.name(), "container is already running");
            }
            return LxcTool.execute(handles.name(), argv, timeout, () -> handles.withSpare("stop", LxcHandle::stop));
        });
    }

    /** Under the lock: no unsaved configuration and no config file. */
    private boolean notDefined() {
        return !handles.unsaved() && !handles.primary().is_defined();
    }

    /** Under the lock: {@code operation} failed because the container is not defined ({@code more}: what else). */
    private LxcException notDefinedFailure(String operation, String more, Throwable cause) {
        return new LxcException(LxcException.Kind.NOT_DEFINED, operation, handles.name(),
                "container is not defined in " + handles.primary().get_config_path() + more, cause);
    }

    /** Runs {@code tool -n NAME -P PATH [-f unsaved-config] toolOptions -- command} under the lock. */
    private <T> T withToolArgv(String operation, String tool, List<String> toolOptions, List<String> command,
                               Function<List<String>, T> body) {
        handles.lock();
        Path altConfig = null;
        try {
            altConfig = unsavedConfig(operation);
            return body.apply(LxcTool.argv(tool, handles.name(), handles.primary().get_config_path(), altConfig,
                    toolOptions, command));
        } finally {
            LxcTool.deleteQuietly(altConfig);
            handles.unlock();
        }
    }

    /**
     * Items set before create come on top of the host's default configuration, as without them: {@code -f} would
     * otherwise replace it (no network, no default mounts).
     */
    private static void withDefaults(String name, Path config) {
        String defaults = Lxc.globalConfigItem("lxc.default_config");
        if (defaults != null && Files.isRegularFile(Path.of(defaults))) {
            try {
                Files.writeString(config, "lxc.include = " + defaults + "\n" + Files.readString(config));
            } catch (IOException e) {
                throw new LxcException(LxcException.Kind.SYSTEM_ERROR, "create", name, e.getMessage(), e);
            }
        }
    }

    /** Under the lock: the handle's unsaved configuration in a private file for the tool's {@code -f}; null if none. */
    private Path unsavedConfig(String operation) {
        if (!handles.unsaved()) {
            return null;
        }
        String name = handles.name();
        try {
            Path file = Files.createTempFile("lxc-groovy-" + name + "-", ".conf");
            long mark = LxcLog.mark();
            if (!handles.primary().save_config(file.toString())) {
                LxcTool.deleteQuietly(file);
                throw handles.failure(operation, LxcException.Kind.FAILED, mark, handles.primary(), 0);
            }
            return file;
        } catch (IOException e) {
            throw new LxcException(LxcException.Kind.SYSTEM_ERROR, operation, name, e.getMessage(), e);
        }
    }
}
