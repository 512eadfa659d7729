package org.lxcgroovy.cli;

import java.nio.file.Path;
import org.lxcgroovy.dsl.RunJournal;
import picocli.CommandLine.Option;

/**
 * {@code --journal-dir DIR}, the same for a run, {@code doctor} and {@code recover} (a picocli mixin). Java, with
 * no default in its field, so that {@link Main} can parse a command line while Groovy's runtime starts: the
 * default is {@link RunJournal}'s, a Groovy class, read only when asked for.
 */
public final class JournalDirOption {
    @Option(names = "--journal-dir", paramLabel = "DIR",
            description = "Where runs keep their journals of what to undo should they be killed (default: "
                    + "/var/lib/lxc-groovy/journal): a run writes its own, doctor and recover read them.")
    private Path journalDir;

    /** The directory given, else RunJournal's default. */
    public Path getJournalDir() {
        return journalDir != null ? journalDir : RunJournal.DEFAULT_DIR;
    }

    /** Whether {@code --journal-dir} was given. */
    public boolean isGiven() {
        return journalDir != null;
    }
}
