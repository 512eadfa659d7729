/**
 * Facts of the host beyond liblxc (system calls, subordinate ids) for the engine and the {@code lxc-groovy doctor}.
 * Internal: not exported by the module, may change without notice.
 */
package org.lxcgroovy.engine.internal.host;
