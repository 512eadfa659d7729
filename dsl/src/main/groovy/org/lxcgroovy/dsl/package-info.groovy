/**
 * The lxc-groovy DSL: {@link org.lxcgroovy.dsl.LxcScript}, the base class of every script (container selection,
 * {@code fleet(...)}), the fleet run ({@link org.lxcgroovy.dsl.Fleet}, its delegate {@link org.lxcgroovy.dsl.FleetMember})
 * and its record ({@link org.lxcgroovy.dsl.FleetResult}, {@link org.lxcgroovy.dsl.FleetStep},
 * {@link org.lxcgroovy.dsl.FleetReport}), closures "in the container" ({@link org.lxcgroovy.dsl.InContainer}) and the
 * snapshot guard. Needs the engine and Groovy only.
 */
package org.lxcgroovy.dsl
