package org.lxcgroovy.engine;

import org.lxcgroovy.engine.internal.jna.LxcStructs;
import org.lxcgroovy.engine.internal.jna.StructMemory;

/** liblxc's {@code struct migrate_opts}, for {@link Container#migrate}. */
public record MigrateOptions(String directory, boolean verbose, boolean stop, String predumpDir,
                             String pageserverAddress, String pageserverPort, boolean preservesInodes,
                             String actionScript, boolean disableSkipInFlight, long ghostLimit,
                             long featuresToCheck) {
    public static final MigrateOptions DEFAULT = new MigrateOptions(null, false, false, null, null, null, false, null,
            false, 0, 0);

    public MigrateOptions withDirectory(String d) {
        return new MigrateOptions(d, verbose, stop, predumpDir, pageserverAddress, pageserverPort, preservesInodes,
                actionScript, disableSkipInFlight, ghostLimit, featuresToCheck);
    }

    public MigrateOptions withStop(boolean s) {
        return new MigrateOptions(directory, verbose, s, predumpDir, pageserverAddress, pageserverPort, preservesInodes,
                actionScript, disableSkipInFlight, ghostLimit, featuresToCheck);
    }

    public MigrateOptions withFeaturesToCheck(long f) {
        return new MigrateOptions(directory, verbose, stop, predumpDir, pageserverAddress, pageserverPort,
                preservesInodes, actionScript, disableSkipInFlight, ghostLimit, f);
    }

    public static MigrateOptions dump(String directory, boolean stop) {
        return DEFAULT.withDirectory(directory).withStop(stop);
    }

    public static MigrateOptions featureCheck(long features) {
        return DEFAULT.withFeaturesToCheck(features);
    }

    StructMemory toNative() {
        return LxcStructs.MigrateOpts.of(directory, verbose, stop, predumpDir, pageserverAddress, pageserverPort,
                preservesInodes, actionScript, disableSkipInFlight, ghostLimit, featuresToCheck);
    }
}
