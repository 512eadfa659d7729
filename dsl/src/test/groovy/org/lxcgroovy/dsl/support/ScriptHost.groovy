package org.lxcgroovy.dsl.support

import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.LxcScript
import org.lxcgroovy.dsl.ScriptCompiler

/** Runs DSL script text in this JVM, as the command compiles it, with its output captured. */
class ScriptHost {
    final StringWriter output = new StringWriter()
    LxcScript script
    /** Runs scripts as {@code --check} does. */
    boolean check

    /** Compiles and runs {@code code}; the script's containers are closed afterwards. Returns its value. */
    Object run(String code, Map<String, Object> variables = [:]) {
        def binding = new Binding([out: new PrintWriter(output, true)] + variables)
        script = (LxcScript) ScriptCompiler.shell(binding).parse(code)
        script.checkMode = check
        try {
            script.run()
        } finally {
            script.closeContainers()
            script.checkMode = false     // the check mode of closures is this thread's: the next script starts without
        }
    }

    List<FleetReport> getReports() {
        script.fleetReports
    }

    List<String> getLines() {
        output.toString().readLines()
    }
}
