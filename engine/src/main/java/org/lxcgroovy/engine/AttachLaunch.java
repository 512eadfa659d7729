package org.lxcgroovy.engine;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import org.lxcgroovy.engine.internal.jna.AttachOptionsStruct;
import org.lxcgroovy.engine.internal.jna.ForkChildGuard;
import org.lxcgroovy.engine.internal.jna.LibC;
import org.lxcgroovy.engine.internal.jna.LibLxc;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * How an attach is launched: the stdio targets become descriptors (pipes the {@link OutputPump}s drain, files,
 * /dev/null), and the attach helper ({@link AttachHelper}) gets them with the options and starts the command, so
 * the JVM does not fork. The child's ends are closed here once it has them; on any failure every descriptor opened
 * here is closed again.
 *
 * <p>With {@code -Dlxcgroovy.attach=in-process} (the benchmarks' comparison and the fork-child guard's control) the
 * JVM calls liblxc's {@code attach} itself instead: the options become liblxc's {@code lxc_attach_options_t}, and
 * no other descriptor of the JVM reaches the child.
 */
final class AttachLaunch {
    /** The old way, kept for comparison: liblxc forks the JVM for every attach. */
    static final boolean IN_PROCESS = "in-process".equals(System.getProperty("lxcgroovy.attach"));

    private AttachLaunch() {
    }

    /** Starts {@code command} (or, with {@code shell}, the user's shell) in the container {@code handles} lead to. */
    static AttachedProcess start(String container, Handles handles, AttachOptions options, List<?> command,
                                 boolean shell, Output defaultOut, Output defaultErr) {
        List<String> argv = shell ? List.of() : words(command);
        if (!shell && argv.isEmpty()) {
            throw new IllegalArgumentException("attach of container '" + container + "': no command given");
        }
        handles.requireMonitor("attach");   // liblxc's attach asks it for the init's pid and cgroup: unbounded
        List<Integer> childFds = new ArrayList<>();
        List<Integer> parentFds = new ArrayList<>();
        try {
            Input in = options.stdin() == null ? Input.none() : options.stdin();
            int inFd;
            int feedFd = -1;
            switch (in.kind) {
                case INHERIT -> inFd = 0;
                case FILE -> inFd = track(childFds, Posix.open(in.file.toString(), LibC.O_RDONLY, 0));
                case STREAM -> {
                    int[] p = Posix.pipe();
                    inFd = track(childFds, p[0]);
                    feedFd = track(parentFds, p[1]);
                }
                default -> inFd = track(childFds, Posix.open("/dev/null", LibC.O_RDONLY, 0));
            }
            int[] outFd = new int[1];
            OutputPump stdout = target(options.stdout() != null ? options.stdout() : defaultOut, 1, outFd, childFds, parentFds);
            int[] errFd = new int[1];
            OutputPump stderr = target(options.stderr() != null ? options.stderr() : defaultErr, 2, errFd, childFds, parentFds);

            int[] stdio = {inFd, outFd[0], errFd[0]};
            long startNanos = System.nanoTime();
            AttachHelper.Started started = IN_PROCESS
                    ? handles.withSpare("attach", h -> inProcess(container, h, options, shell, argv, stdio))
                    : throughHelper(container, handles.configPath(), options, shell, argv, stdio);
            childFds.forEach(Posix::closeQuietly);
            childFds.clear();
            parentFds.clear();
            if (feedFd >= 0) {
                OutputPump.feed(in.stream, feedFd);
            }
            if (stdout != null) {
                stdout.start();
            }
            if (stderr != null) {
                stderr.start();
            }
            return new AttachedProcess(container, argv, started.pid(), started.pidfd(), started.exit(), startNanos,
                    options.timeout(), stdout, stderr);
        } catch (RuntimeException e) {
            childFds.forEach(Posix::closeQuietly);
            parentFds.forEach(Posix::closeQuietly);
            throw e;
        }
    }

    /**
     * A command's words as strings, whatever the list holds at run time: Groovy hands over GStrings in a
     * {@code List<String>} (generics are erased), which a String[] would refuse.
     */
    static List<String> words(List<?> command) {
        return command == null ? List.of() : command.stream().map(String::valueOf).toList();
    }

    /** The helper attaches; a failure carries liblxc's own reason where its log (which the helper shares) has one. */
    private static AttachHelper.Started throughHelper(String container, String lxcpath, AttachOptions options,
                                                      boolean shell, List<String> argv, int[] stdio) {
        long mark = LxcLog.mark();
        try {
            return AttachHelper.start(container, lxcpath, options, shell, argv, stdio);
        } catch (LxcException e) {
            String reason = e.getKind() == LxcException.Kind.TIMED_OUT ? null : LxcLog.reasonSince(mark, container);
            throw reason == null ? e : new LxcException(e.getKind(), "attach", container, reason, e);
        }
    }

    /** liblxc's attach in the JVM (a spare handle of the caller's); the JVM reaps the child itself. */
    private static AttachHelper.Started inProcess(String container, LxcHandle handle, AttachOptions options,
                                                  boolean shell, List<String> argv, int[] stdio) {
        AttachOptionsStruct native_ = toNative(options).stdio(stdio[0], stdio[1], stdio[2]);
        Pointer cmd = shell ? null : AttachOptionsStruct.Command.of(argv);
        IntByReference pidRef = new IntByReference(-1);
        long mark = LxcLog.mark();
        int rc = attachWithoutHostFds(handle, shell ? LibLxc.ATTACH_RUN_SHELL : LibLxc.ATTACH_RUN_COMMAND, cmd, native_, pidRef);
        if (rc != 0 || pidRef.getValue() <= 0) {
            // asked once: it is a round trip to the container's monitor
            LxcException.Kind kind = handle.is_running() ? LxcException.Kind.FAILED : LxcException.Kind.NOT_RUNNING;
            throw LxcFailure.of("attach", container, mark, handle, 0, kind);
        }
        return new AttachHelper.Started(pidRef.getValue(), Posix.pidfdOpen(pidRef.getValue()), null);
    }

    /** liblxc's attach, with every JVM descriptor above 2 kept out of the child (see {@link ForkChildGuard}). */
    private static int attachWithoutHostFds(LxcHandle handle, Pointer execFunction, Pointer cmd,
                                            AttachOptionsStruct options, IntByReference pidRef) {
        boolean guarded = ForkChildGuard.installed();
        if (guarded) {
            ForkChildGuard.arm();
        } else {
            Posix.cloexecFromThree(); // leaves a window until liblxc's fork: see ForkChildGuard
        }
        try {
            return handle.attach(execFunction, cmd, options.pointer(), pidRef);
        } finally {
            if (guarded) {
                ForkChildGuard.disarm();
            }
        }
    }

    private static int track(List<Integer> list, int fd) {
        list.add(fd);
        return fd;
    }

    /** Sets the child's fd for {@code out} into {@code childFd[0]}; returns the pump that drains it, if any. */
    private static OutputPump target(Output out, int inheritFd, int[] childFd, List<Integer> childFds,
                                     List<Integer> parentFds) {
        switch (out.kind) {
            case INHERIT -> {
                childFd[0] = inheritFd;
                return null;
            }
            case DISCARD -> {
                childFd[0] = track(childFds, Posix.open("/dev/null", LibC.O_WRONLY, 0));
                return null;
            }
            case FILE -> {
                childFd[0] = track(childFds, Posix.open(out.file.toString(),
                        LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC, 0644));
                return null;
            }
            default -> {
                int[] p = Posix.pipe();
                track(parentFds, p[0]);
                childFd[0] = track(childFds, p[1]);
                return new OutputPump(p[0], out);
            }
        }
    }

    /** liblxc's options: its defaults, then what {@code o} sets; the environment is cleared unless it says not. */
    static AttachOptionsStruct toNative(AttachOptions o) {
        AttachOptionsStruct s = AttachOptionsStruct.defaults()
                .attachFlags(o.effectiveFlags())
                .namespaces(o.namespaces())
                .personality(o.personality())
                .initialCwd(o.cwd() == null ? "/" : o.cwd())
                .envPolicy(o.clearEnv() ? AttachOptionsStruct.LXC_ATTACH_CLEAR_ENV : AttachOptionsStruct.LXC_ATTACH_KEEP_ENV)
                .extraEnvVars(o.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .extraKeepEnv(o.keepEnv().toArray(new String[0]));
        if (o.uid() != null) {
            s.uid(o.uid());
        }
        if (o.gid() != null) {
            s.gid(o.gid());
        }
        if (o.groups() != null) {
            s.groups(o.groups().stream().mapToInt(Integer::intValue).toArray());
        }
        if (o.lsmLabel() != null) {
            s.lsmLabel(o.lsmLabel());
        }
        return s;
    }
}
