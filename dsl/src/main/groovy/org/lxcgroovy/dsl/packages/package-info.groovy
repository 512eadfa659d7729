/**
 * Package managers inside containers: {@link org.lxcgroovy.dsl.packages.Apt} ({@code apt} in fleet bodies and
 * in-container closures) and what another would implement ({@link org.lxcgroovy.dsl.packages.PackageManager}),
 * with the pure parsing of dpkg's state ({@link org.lxcgroovy.dsl.packages.PackageStates}).
 */
package org.lxcgroovy.dsl.packages
