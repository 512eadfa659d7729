package org.lxcgroovy.cli;

import groovy.lang.GroovySystem;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.lxcgroovy.engine.Lxc;
import picocli.CommandLine.Help.Ansi;

/**
 * The command's entry, in Java so that what needs no Groovy starts none: {@code --help} prints the text the build
 * rendered from the command's picocli model ({@link HelpText}), {@code --version} reads the build's versions and
 * liblxc's. Anything else is {@link LxcGroovy}'s, after a start on two threads: Groovy's runtime on one, and on
 * this one what needs no Groovy: the command line parsed by the command's own model ({@link LxcGroovyOptions}),
 * the script cache's digest, liblxc loaded ({@link Lxc#load}). Nothing on this thread touches a class of Groovy's
 * until Groovy's start is over, so no class is ever initialised by both at once.
 */
public final class Main {
    /** The resources {@link HelpText} writes at build time: {@code --help} without and with picocli's colours. */
    static final String PLAIN_HELP = "help.txt";
    static final String COLOURED_HELP = "help-ansi.txt";

    private Main() {
    }

    public static void main(String[] argv) throws Throwable {
        StartupTimes.mark("jvm");
        if (argv.length == 1 && (argv[0].equals("-h") || argv[0].equals("--help"))) {
            byte[] help = renderedHelp();
            if (help != null) {
                System.out.write(help);
                System.out.flush();
                return;
            }
        }
        if (argv.length == 1 && (argv[0].equals("-V") || argv[0].equals("--version"))) {
            System.out.println(Versions.text());
            return;
        }
        LxcGroovyOptions.Parsed parsed = startAlongsideGroovy(argv);
        StartupTimes.mark("Groovy runtime (alongside: parse and liblxc)");
        // LxcGroovy is Groovy, compiled after this class: found at run time, not named to javac
        MethodHandle groovyMain = MethodHandles.lookup().findStatic(Class.forName("org.lxcgroovy.cli.LxcGroovy"),
                "main", MethodType.methodType(void.class, String[].class, LxcGroovyOptions.Parsed.class));
        groovyMain.invokeExact(argv, parsed);
    }

    /** The build's rendering of {@code --help}, coloured as picocli would colour it here; null if the build made none. */
    private static byte[] renderedHelp() throws IOException {
        String name = Ansi.AUTO.enabled() ? COLOURED_HELP : PLAIN_HELP;
        try (InputStream in = Main.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /**
     * Starts Groovy's runtime on a thread of its own (its metaclass registry, and the class that formats values,
     * whose start scans the Groovy jar), meanwhile parses {@code argv}, loads the digest and liblxc here, and returns
     * the parse when both are done. A failure of Groovy's start is thrown here as it was.
     */
    private static LxcGroovyOptions.Parsed startAlongsideGroovy(String[] argv) throws Throwable {
        Throwable[] groovyFailure = new Throwable[1];
        Thread groovy = new Thread(() -> {
            try {
                GroovySystem.getMetaClassRegistry();
                Class.forName("org.codehaus.groovy.runtime.FormatHelper", true, Main.class.getClassLoader());
            } catch (Throwable t) {
                groovyFailure[0] = t;
            }
        }, "groovy-start");
        groovy.start();
        LxcGroovyOptions.Parsed parsed = LxcGroovyOptions.parse(argv);
        digest();
        Lxc.load();
        groovy.join();
        if (groovyFailure[0] != null) {
            throw groovyFailure[0];
        }
        return parsed;
    }

    /** Loads the security provider the compiled-script cache's key needs. */
    private static void digest() {
        try {
            MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ignored) {
            // the cache says so when it needs one
        }
    }
}
