package org.lxcgroovy.engine.internal.jna;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An {@code int} constant that is the byte offset of a member of its class's {@link CStruct}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface COffset {
    /** The member, as {@code offsetof} names it; empty: the constant's name in lower case. */
    String value() default "";
}
