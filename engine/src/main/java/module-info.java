/**
 * The lxc-groovy engine: the Java API over liblxc. Only {@code org.lxcgroovy.engine} is API; the raw JNA
 * mapping in {@code org.lxcgroovy.engine.internal.jna} is opened to JNA alone, which reflects over it.
 */
module org.lxcgroovy.engine {
    requires com.sun.jna;

    exports org.lxcgroovy.engine;

    opens org.lxcgroovy.engine.internal.jna to com.sun.jna;
}
