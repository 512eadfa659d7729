package org.lxcgroovy.dsl.packages

/**
 * A container's package manager as fleet bodies and in-container closures use it ({@code apt.upgrade()}).
 * {@code upgrade}, {@code install} and {@code remove} return what changed, as
 * {@code [name: ..., from: ..., to: ...]} maps ({@code from} null for a new package, {@code to} null for a removed
 * one), read from the package database before and after, never from the tool's prose. Nothing ever prompts.
 * {@link Apt} is the one this project tests for real; dnf or apk would implement this beside it.
 */
interface PackageManager {
    /** Refreshes the package lists. */
    void update()

    /** Upgrades every package; options are the manager's own (apt: {@code dist}). */
    List<Map<String, String>> upgrade(Map options)

    List<Map<String, String>> install(Map options, List<String> packages)

    List<Map<String, String>> remove(Map options, List<String> packages)
}
