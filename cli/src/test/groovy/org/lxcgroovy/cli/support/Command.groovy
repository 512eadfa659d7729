package org.lxcgroovy.cli.support

import org.lxcgroovy.engine.support.ProcessOutput

/**
 * Runs the real command: this checkout's {@code bin/lxc-groovy} (the build has compiled it by the time specs run),
 * or, with {@code -Dlxcgroovy.command=/usr/bin/lxc-groovy}, the installed package's, as an administrator's host has
 * it: HOME an empty directory and root's {@code ~/.m2} hidden (an empty tmpfs over it, in a mount namespace of the
 * command's own), so nothing of the build can be used.
 */
class Command {
    static final File ROOT = new File('..').canonicalFile
    static final String INSTALLED = System.getProperty('lxcgroovy.command')
    static final File BIN = INSTALLED ? new File(INSTALLED) : new File(ROOT, 'bin/lxc-groovy')
    private static final File EMPTY_HOME = INSTALLED ? emptyHome() : null

    private static File emptyHome() {
        File home = File.createTempDir('lxcg-test-home')
        Runtime.runtime.addShutdownHook(new Thread({ home.deleteDir() } as Runnable))
        home
    }

    /** {@code lxc-groovy args...}, with {@code bin/} on the PATH (for #! scripts), at most 5 minutes. */
    static ProcessOutput run(List<String> args, File dir = ROOT, Map<String, String> env = [:]) {
        ProcessOutput.of(start([BIN.path] + args, dir, env), 300, "lxc-groovy $args")
    }

    static Process start(List<String> argv, File dir = ROOT, Map<String, String> env = [:]) {
        def pb = new ProcessBuilder(INSTALLED ? withoutBuild(argv) : argv).directory(dir)
        pb.environment().PATH = "${BIN.parent}:${System.getenv('PATH')}".toString()
        if (INSTALLED) {
            pb.environment().HOME = EMPTY_HOME.path
        }
        pb.environment().putAll(env)
        pb.start()
    }

    /** {@code argv} in a mount namespace where root's Maven repository is an empty directory (the same pid: execs). */
    private static List<String> withoutBuild(List<String> argv) {
        String m2 = "${System.getProperty('user.home')}/.m2"
        ['unshare', '--mount', '--propagation', 'private', 'sh', '-c',
         "mkdir -p $m2 && mount -t tmpfs -o ro,size=1k lxcg-no-m2 $m2 && exec \"\$@\"".toString(), 'lxc-groovy'] + argv
    }

    @Override
    String toString() {
        "exit $exitCode\n--- stdout\n$stdout--- stderr\n$stderr"
    }
}
