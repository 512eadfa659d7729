package org.lxcgroovy.cli.doctor

import groovy.json.JsonOutput

/**
 * {@code lxc-groovy doctor [--json]}: reads the host and prints each finding (ok, warning, failure) with its
 * evidence and the exact fix. Changes nothing. Exit status 0 when nothing failed (warnings allowed), 1 when a
 * check failed, 64 for an unknown argument.
 */
class Doctor {
    static int run(List<String> args, PrintStream out, PrintStream err) {
        def unknown = args - ['--json']
        if (unknown) {
            err.println("lxc-groovy doctor: unknown argument ${unknown[0]}; usage: lxc-groovy doctor [--json]")
            return 64
        }
        List<Finding> findings = new HostChecks().all()
        if ('--json' in args) {
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
