package org.lxcgroovy.engine;

/** Where {@link Container#checkpoint(CheckpointOptions)} dumps the container with CRIU, and whether it stops it. */
public record CheckpointOptions(String directory, boolean stop, boolean verbose) {
    public static final CheckpointOptions DEFAULT = new CheckpointOptions(null, false, false);

    public CheckpointOptions withDirectory(String d) {
        return new CheckpointOptions(d, stop, verbose);
    }

    public CheckpointOptions withStop(boolean s) {
        return new CheckpointOptions(directory, s, verbose);
    }

    public CheckpointOptions withVerbose(boolean v) {
        return new CheckpointOptions(directory, stop, v);
    }
}
