package org.lxcgroovy.engine.internal.jna;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class that describes the layout of one C type: its {@link CSizeOf} and {@link COffset} constants are checked
 * by AbiSpec against {@code sizeof}/{@code offsetof} of a C program compiled with {@link #header()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CStruct {
    /** The C type, as C spells it: {@code struct lxc_snapshot}, {@code lxc_attach_options_t}. */
    String type();

    /** The header that declares it, as an {@code #include <...>} names it. */
    String header();
}
