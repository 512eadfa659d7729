package org.lxcgroovy.engine;

import org.lxcgroovy.engine.internal.jna.LxcContainerAbi;
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
        StructMemory m = new StructMemory(LxcContainerAbi.MIGRATE_OPTS_SIZE)
                .stringField(0, directory)
                .stringField(16, predumpDir)
                .stringField(24, pageserverAddress)
                .stringField(32, pageserverPort)
                .stringField(48, actionScript);
        m.setByte(8, (byte) (verbose ? 1 : 0));
        m.setByte(9, (byte) (stop ? 1 : 0));
        m.setByte(40, (byte) (preservesInodes ? 1 : 0));
        m.setByte(56, (byte) (disableSkipInFlight ? 1 : 0));
        m.setLong(64, ghostLimit);
        m.setLong(72, featuresToCheck);
        return m;
    }
}
