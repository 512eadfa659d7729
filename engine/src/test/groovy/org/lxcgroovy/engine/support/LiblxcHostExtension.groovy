package org.lxcgroovy.engine.support

import org.spockframework.runtime.extension.IAnnotationDrivenExtension
import org.spockframework.runtime.model.SpecInfo

/** Skips a {@link LiblxcHost} spec, with the reason, on a host that cannot run containers. */
class LiblxcHostExtension implements IAnnotationDrivenExtension<LiblxcHost> {
    @Override
    void visitSpecAnnotation(LiblxcHost annotation, SpecInfo spec) {
        String problem = LxcHost.problem()
        if (problem != null) {
            spec.skip("liblxc cannot run on this host: $problem")
        }
    }
}
