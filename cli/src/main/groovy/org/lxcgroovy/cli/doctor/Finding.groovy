package org.lxcgroovy.cli.doctor

import groovy.transform.CompileStatic
import groovy.transform.Immutable

/** One thing the doctor found: how it stands, what it saw (the evidence), and the exact fix when it is not ok. */
@CompileStatic
@Immutable
class Finding {
    enum Status {
        OK, WARNING, FAILURE

        String toString() {
            name().toLowerCase(Locale.ROOT)
        }
    }

    /** What was checked: "liblxc", "kernel", "bridge lxcbr0", ... */
    String check
    Status status
    String evidence
    /** What to do about it; null when ok. */
    String fix

    static Finding ok(String check, String evidence) {
        new Finding(check, Status.OK, evidence, null)
    }

    static Finding warning(String check, String evidence, String fix) {
        new Finding(check, Status.WARNING, evidence, fix)
    }

    static Finding failure(String check, String evidence, String fix) {
        new Finding(check, Status.FAILURE, evidence, fix)
    }

    Map<String, Object> toMap() {
        [check: check, status: status.toString(), evidence: evidence, fix: fix] as Map<String, Object>
    }

    /** "warning  bridge lxcbr0  evidence" and, indented below, "fix: ...". */
    String toText(int checkWidth) {
        String line = String.format("%-8s %-${checkWidth}s %s", status, check, evidence)
        fix == null ? line : line + '\n' + ' ' * (checkWidth + 10) + 'fix: ' + fix
    }
}
