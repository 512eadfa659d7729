package org.lxcgroovy.engine;

/** One snapshot of a container, as liblxc lists it. */
public record Snapshot(String name, String commentPath, String timestamp, String path) {
}
