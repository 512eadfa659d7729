package org.lxcgroovy.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes the class-data-sharing archive the launchers map, for the {@code java} and the class path this runs with
 * (the archive fits only those): {@code java -cp CLASSPATH org.lxcgroovy.cli.CdsArchive ARCHIVE}. It records the
 * classes a run loads that compiles a script, makes a report and lists containers, then dumps a static archive of
 * those and of the JDK's own default list. Static, not a dynamic archive on the JDK's: JDK 17 archives picocli's
 * Java 5 class files only in a static one, and one archive is mapped instead of two. The cli build and the
 * package's {@code prepare-cache} run this.
 */
public final class CdsArchive {
    /** What the recorded run does: the compiler's classes, a report's, and JNA's and liblxc's (where it loads). */
    static final String WORKLOAD = "new FleetReport([], Duration.ZERO).results.collect { it }\n"
            + "try { listContainers() } catch (Throwable ignored) { }";
    /** The launchers' JVM: the archive records how objects are laid out for its collector. */
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private CdsArchive() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: java -cp CLASSPATH org.lxcgroovy.cli.CdsArchive ARCHIVE");
            System.exit(64);
        }
        Path archive = Path.of(args[0]).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        Path work = Files.createTempDirectory("lxc-groovy-cds-");
        try {
            Path recorded = work.resolve("recorded.classlist");
            List<String> record = new ArrayList<>(List.of(java, "-XX:DumpLoadedClassList=" + recorded));
            record.addAll(JVM);
            String jnaStub = System.getProperty("jna.boot.library.path");
            if (jnaStub != null) {
                record.add("-Djna.boot.library.path=" + jnaStub);
            }
            record.addAll(List.of("-cp", classPath, Main.class.getName(), "--no-cache", "-e", WORKLOAD));
            run(record, work, "recording the classes of a run");

            Path classList = work.resolve("classlist");
            List<String> lines = new ArrayList<>(jdkClassList(java));
            lines.addAll(Files.readAllLines(recorded, StandardCharsets.UTF_8));
            Files.write(classList, lines, StandardCharsets.UTF_8);
            Files.deleteIfExists(archive);
            List<String> dump = new ArrayList<>(List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + archive));
            dump.addAll(JVM);
            dump.addAll(List.of("-cp", classPath));
            run(dump, work, "dumping the archive");
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(CdsArchive::delete);
            }
        }
    }

    /** The list the JDK's own archive is made from (its lib/classlist), so nothing its archive held is read anew. */
    private static List<String> jdkClassList(String java) throws IOException {
        Path list = Path.of(java).toRealPath().getParent().getParent().resolve("lib").resolve("classlist");
        return Files.isRegularFile(list) ? Files.readAllLines(list, StandardCharsets.UTF_8) : List.of();
    }

    /** Runs {@code command} in {@code home} (its HOME too); its output is shown only when it fails. */
    private static void run(List<String> command, Path home, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (status != 0) {
            System.err.print(output);
            System.err.println("lxc-groovy: the class-data-sharing archive: " + what + " failed (exit " + status + ")");
            System.exit(1);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
