package org.lxcgroovy.dsl

import groovy.transform.stc.ClosureParams
import groovy.transform.stc.SimpleType
import org.lxcgroovy.engine.Container

/** Groovy methods on the engine's {@link Container} (an extension module: the engine itself has no Groovy). */
class ContainerExtension {
    /**
     * Runs {@code body} "in the container": {@code run}, {@code sh}, {@code file(path)}, {@code hostname} and
     * {@code env} act inside it (see {@link InContainer}; under {@code --check}, in check mode). Returns the closure's value.
     */
    static Object attachWait(Container self, @DelegatesTo(value = InContainer, strategy = Closure.DELEGATE_FIRST)
            @ClosureParams(value = SimpleType, options = 'org.lxcgroovy.dsl.InContainer') Closure body) {
        InContainer box = new InContainer(self)
        try {
            box.call(body)
        } finally {
            box.finish()
        }
    }

    /** A path inside the running container, read and written from the host without leaving the container. */
    static ContainerFile file(Container self, String path) {
        new InContainer(self).file(path)
    }
}
