package org.lxcgroovy.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the attach helper's program is, first found of: the system property {@code lxcgroovy.attachHelper}; the
 * Debian package's {@code /usr/libexec/lxc-groovy/lxc-groovy-attach}; the copy the build puts beside the engine's
 * classes (a checkout); the copy inside the engine's jar, written once to a cache directory by its hash (a program
 * that depends on the engine from Maven).
 */
final class HelperBinary {
    static final String NAME = "lxc-groovy-attach";
    static final Path INSTALLED = Path.of("/usr/libexec/lxc-groovy", NAME);
    private static final String RESOURCE = "native/" + NAME;
    private static volatile Path found;

    private HelperBinary() {
    }

    static Path path() {
        Path p = found;
        if (p == null) {
            p = find();
            found = p;
        }
        return p;
    }

    private static Path find() {
        String configured = System.getProperty("lxcgroovy.attachHelper");
        if (configured != null) {
            return executable(Path.of(configured), "the system property lxcgroovy.attachHelper");
        }
        if (Files.isExecutable(INSTALLED)) {
            return INSTALLED;
        }
        URL url = HelperBinary.class.getResource(RESOURCE);
        if (url == null) {
            throw missing("no " + INSTALLED + " and none in the engine's jar");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return executable(Path.of(url.toURI()), "the engine's classes");
            }
            return fromJar(url);
        } catch (IOException | URISyntaxException e) {
            throw missing(e.getMessage());
        }
    }

    private static Path executable(Path p, String from) {
        if (!Files.isExecutable(p)) {
            throw missing(p + " (from " + from + ") is not an executable file");
        }
        return p;
    }

    /** The jar's copy, written to the cache under its hash: the same bytes are written once. */
    private static Path fromJar(URL url) throws IOException {
        byte[] bytes;
        try (InputStream in = url.openStream()) {
            bytes = in.readAllBytes();
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String cacheHome = System.getenv("XDG_CACHE_HOME");
        Path dir = (cacheHome != null ? Path.of(cacheHome) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("lxc-groovy");
        Path target = dir.resolve(NAME + "-" + hash);
        if (!Files.isExecutable(target)) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, NAME, ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static LxcException missing(String why) {
        return new LxcException(LxcException.Kind.FAILED, "attach", null, "the attach helper " + NAME
                + " cannot be found: " + why + " (install the lxc-groovy package, or set -Dlxcgroovy.attachHelper)");
    }
}
