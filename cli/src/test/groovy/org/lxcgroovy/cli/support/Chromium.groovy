package org.lxcgroovy.cli.support

import java.nio.file.Files
import org.lxcgroovy.engine.support.ProcessOutput

/** Debian's chromium, headless, as the report pages' specs look at them: a new profile each time, no network. */
class Chromium {
    /** Runs chromium with {@code args} (at most a minute) and returns what it printed. */
    static String run(List<String> args) {
        File profile = Files.createTempDirectory('lxcg-chromium').toFile()
        try {
            def p = new ProcessBuilder(['chromium', '--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
                                        '--disable-background-networking', '--disable-component-update', '--no-first-run',
                                        "--user-data-dir=${profile}".toString()] + args).start()
            def run = ProcessOutput.of(p, 60, 'chromium')
            assert run.exitCode == 0: run.stderr
            run.stdout
        } finally {
            profile.deleteDir()
        }
    }

    /** The DOM of {@code page} after chromium loaded it (and ran its script), at {@code fragment}. */
    static String dom(File page, String fragment = '') {
        run(['--dump-dom', "file://${page.path}${fragment}".toString()])
    }
}
