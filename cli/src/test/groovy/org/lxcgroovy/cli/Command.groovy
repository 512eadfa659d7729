package org.lxcgroovy.cli

import java.util.concurrent.TimeUnit

/** Runs the real {@code bin/lxc-groovy} of this checkout (the build has compiled it by the time specs run). */
class Command {
    static final File ROOT = new File('..').canonicalFile
    static final File BIN = new File(ROOT, 'bin/lxc-groovy')

    final int exitCode
    final String stdout
    final String stderr

    private Command(int exitCode, String stdout, String stderr) {
        this.exitCode = exitCode
        this.stdout = stdout
        this.stderr = stderr
    }

    /** {@code lxc-groovy args...}, with {@code bin/} on the PATH (for #! scripts), at most 5 minutes. */
    static Command run(List<String> args, File dir = ROOT, Map<String, String> env = [:]) {
        def p = start([BIN.path] + args, dir, env)
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(5, TimeUnit.MINUTES): "lxc-groovy $args did not finish"
        p.waitForProcessOutput()
        new Command(p.exitValue(), out.toString('UTF-8'), err.toString('UTF-8'))
    }

    static Process start(List<String> argv, File dir = ROOT, Map<String, String> env = [:]) {
        def pb = new ProcessBuilder(argv).directory(dir)
        pb.environment().PATH = "${BIN.parent}:${System.getenv('PATH')}".toString()
        pb.environment().putAll(env)
        pb.start()
    }

    @Override
    String toString() {
        "exit $exitCode\n--- stdout\n$stdout--- stderr\n$stderr"
    }
}
