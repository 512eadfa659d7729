package org.lxcgroovy.cli

import groovy.transform.CompileStatic
import java.nio.file.Path
import org.lxcgroovy.dsl.RunJournal
import picocli.CommandLine.Option

/** {@code --journal-dir DIR}, the same for a run, {@code doctor} and {@code recover} (a picocli mixin). */
@CompileStatic
class JournalDirOption {
    @Option(names = '--journal-dir', paramLabel = 'DIR',
            description = 'Where runs keep their journals of what to undo should they be killed (default: ' +
                    '/var/lib/lxc-groovy/journal): a run writes its own, doctor and recover read them.')
    Path journalDir = RunJournal.DEFAULT_DIR
}
