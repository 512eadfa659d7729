package org.lxcgroovy.cli.doctor

import groovy.json.JsonOutput
import groovy.transform.CompileStatic
import org.lxcgroovy.cli.JournalDirOption
import org.lxcgroovy.cli.LeftBehind
import picocli.CommandLine.Command
import picocli.CommandLine.Mixin
import picocli.CommandLine.Option

/**
 * {@code lxc-groovy doctor [--json]}: reads the host and prints each finding (ok, warning, failure) with its
 * evidence and the exact fix. Changes nothing. Exit status 0 when nothing failed (warnings allowed), 1 when a
 * check failed, 64 for an unknown argument (the command's usage error).
 */
@CompileStatic
@Command(name = 'doctor',
        description = 'Check the host (liblxc, kernel, cgroups, bridges and DHCP, ids) and say how to fix what will hurt a fleet.',
        exitCodeListHeading = '%nExit status:%n',
        exitCodeList = ['0:no check failed (warnings allowed)', '1:a check failed', '64:usage error'])
class Doctor {
    @Option(names = '--json', description = 'Print the findings as JSON.')
    boolean json

    @Mixin
    JournalDirOption journal = new JournalDirOption()

    @Option(names = ['-h', '--help'], usageHelp = true, description = 'Show this help and exit.')
    boolean help

    int run(PrintStream out, PrintStream err) {
        List<Finding> findings = new HostChecks().all() + HostChecks.killedRuns(LeftBehind.read(journal.journalDir))
        if (json) {
            out.println(JsonOutput.prettyPrint(JsonOutput.toJson([ok: ok(findings), findings: findings*.toMap()])))
        } else {
            int width = findings*.check*.length().max() ?: 10
            findings.each { out.println(it.toText(width)) }
            int warnings = findings.count { it.status == Finding.Status.WARNING } as int
            int failures = findings.count { it.status == Finding.Status.FAILURE } as int
            out.println("${findings.size()} checks: $warnings ${warnings == 1 ? 'warning' : 'warnings'}, " +
                    "$failures ${failures == 1 ? 'failure' : 'failures'}")
        }
        ok(findings) ? 0 : 1
    }

    static boolean ok(List<Finding> findings) {
        !findings.any { it.status == Finding.Status.FAILURE }
    }
}
