/**
 * The lxc-groovy engine: liblxc's API for Java, python3-lxc's in Java spelling.
 *
 * <p>{@link org.lxcgroovy.engine.Lxc} holds the free functions and constants; a
 * {@link org.lxcgroovy.engine.Container} is one container (create, start, attach, configure, snapshot, ...), its
 * operations taking typed option records ({@link org.lxcgroovy.engine.AttachOptions},
 * {@link org.lxcgroovy.engine.CreateOptions}, ...) and {@link java.time.Duration}s. A failed operation throws
 * {@link org.lxcgroovy.engine.LxcException}, naming the operation, the container and liblxc's own reason;
 * predicates and waits return booleans.
 *
 * <p>Ownership and threads: a {@code Container} holds liblxc references until {@link org.lxcgroovy.engine.Container#close()}
 * puts them back; it is safe to share between threads. Commands run in a container through a helper process of the
 * engine's, so the JVM never forks for them; an {@link org.lxcgroovy.engine.AttachedProcess} may be waited for and
 * killed from any thread. Groovy's spellings (named options, seconds) are in {@code org.lxcgroovy.engine.groovy}.
 */
package org.lxcgroovy.engine;
