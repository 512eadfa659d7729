package org.lxcgroovy.engine;

/**
 * Something that acts on one container: the {@link Container} itself, or a view bound to it (the DSL's delegate of
 * a closure "in the container"). The Groovy spellings of the API ({@link org.lxcgroovy.engine.groovy.ContainerMethods})
 * are written once, for this type, so every such view has them as the container has.
 */
public interface ContainerBound {
    /** The container acted on. */
    Container getContainer();
}
