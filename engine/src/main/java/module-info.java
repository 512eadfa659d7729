/**
 * The lxc-groovy engine: the Java API over liblxc. {@code org.lxcgroovy.engine} is the API and
 * {@code org.lxcgroovy.engine.groovy} its Groovy surface; the raw JNA
 * mapping in {@code org.lxcgroovy.engine.internal.jna} is opened to JNA alone, which reflects over it.
 */
module org.lxcgroovy.engine {
    requires com.sun.jna;

    exports org.lxcgroovy.engine;
    exports org.lxcgroovy.engine.groovy;

    opens org.lxcgroovy.engine.internal.jna to com.sun.jna;
}
