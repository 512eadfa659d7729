package org.lxcgroovy.engine.support

import java.lang.annotation.ElementType
import java.lang.annotation.Retention
import java.lang.annotation.RetentionPolicy
import java.lang.annotation.Target
import org.spockframework.runtime.extension.ExtensionAnnotation

/**
 * A spec that needs this host to run containers (root, liblxc, the busybox and debian templates, the lxcbr0
 * bridge: {@link LxcHost#problem()}). Where it cannot, the spec is skipped with the reason; under CI (CI=true),
 * where .ci/run prepares the host, that is an error instead. The one statement of the requirement.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtensionAnnotation(LiblxcHostExtension)
@interface LiblxcHost {
}
