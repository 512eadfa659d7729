package org.lxcgroovy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.lxcgroovy.engine.Lxc;

/**
 * What {@code lxc-groovy --version} says: lxc-groovy's own version and the Groovy it was built with (both written
 * into {@code version.properties} by the build, so the answer needs no Groovy runtime), the liblxc loaded, and Java.
 */
final class Versions {
    private static final Properties BUILD = load();

    private Versions() {
    }

    /** lxc-groovy's own version, from the build. */
    static String lxcGroovy() {
        return BUILD.getProperty("version", "unknown");
    }

    /** The Groovy bundled with this build. */
    static String groovy() {
        return BUILD.getProperty("groovy", "unknown");
    }

    /** The four lines of {@code --version}. */
    static String text() {
        String liblxc;
        try {
            liblxc = Lxc.version();
        } catch (Throwable e) {     // JNA or liblxc missing: say so, the other lines still hold
            liblxc = "not loadable (" + e.getMessage() + ")";
        }
        return "lxc-groovy " + lxcGroovy() + "\nliblxc " + liblxc + "\nGroovy " + groovy() + "\n"
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
