/**
 * The engine's Groovy surface, for scripts: {@link org.lxcgroovy.engine.groovy.ContainerMethods} adds named options,
 * timeouts in seconds and values of any type to every {@link org.lxcgroovy.engine.ContainerBound} (a Groovy
 * extension module), and {@link org.lxcgroovy.engine.groovy.OptionMaps} is the one place a map of named options
 * becomes a typed record. Plain Java: the engine has no Groovy dependency. Java callers use the typed API of
 * {@code org.lxcgroovy.engine} and never need this package.
 */
package org.lxcgroovy.engine.groovy;
