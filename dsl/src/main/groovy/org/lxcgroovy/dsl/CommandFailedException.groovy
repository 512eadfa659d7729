package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException

/** {@code sh} of a command that did not succeed: the container, the command, and how it ended (with its stderr). */
@CompileStatic
class CommandFailedException extends LxcException {
    final ExecResult result

    CommandFailedException(String container, String command, ExecResult result) {
        super(LxcException.Kind.FAILED, 'sh', container, describe(command, result))
        this.result = result
    }

    private static String describe(String command, ExecResult r) {
        List<String> err = r.stderr().readLines().findAll { !it.trim().isEmpty() }
        String tail = err.isEmpty() ? '' : ': ' + err.subList(Math.max(0, err.size() - 3), err.size()).join(' | ')
        "`$command` ${r.ended()}$tail"
    }
}
