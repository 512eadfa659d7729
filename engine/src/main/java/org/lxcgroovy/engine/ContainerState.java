package org.lxcgroovy.engine;

/** A container's state; {@link #toString()} is liblxc's own word ("RUNNING", "STOPPED", ...). */
public enum ContainerState {
    STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FREEZING, FROZEN, THAWED;

    /** The state for liblxc's word; unknown words are an error rather than a guess. */
    public static ContainerState of(String word) {
        try {
            return valueOf(word);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a liblxc container state: " + word);
        }
    }
}
