package org.lxcgroovy.engine;

import org.lxcgroovy.engine.internal.jna.LxcStructs;
import org.lxcgroovy.engine.internal.jna.StructMemory;

/** liblxc's {@code struct migrate_opts}, for {@link Container#migrate}. */
public record MigrateOptions(String directory, boolean verbose, boolean stop, String predumpDir,
                             String pageserverAddress, String pageserverPort, boolean preservesInodes,
                             String actionScript, boolean disableSkipInFlight, long ghostLimit,
                             long featuresToCheck) {

    public static MigrateOptions dump(String directory, boolean stop) {
        return new MigrateOptions(directory, false, stop, null, null, null, false, null, false, 0, 0);
    }

    public static MigrateOptions featureCheck(long features) {
        return new MigrateOptions(null, false, false, null, null, null, false, null, false, 0, features);
    }

    StructMemory toNative() {
        return LxcStructs.MigrateOpts.of(directory, verbose, stop, predumpDir, pageserverAddress, pageserverPort,
                preservesInodes, actionScript, disableSkipInFlight, ghostLimit, featuresToCheck);
    }
}
