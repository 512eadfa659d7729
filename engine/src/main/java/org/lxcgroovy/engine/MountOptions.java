package org.lxcgroovy.engine;

/**
 * A mount injected into a running container by {@link Container#mount(MountOptions)}: host {@code source} at
 * {@code target} inside, as mount(2) takes them ({@code fstype}, {@code flags}, {@code data}; null where unused).
 */
public record MountOptions(String source, String target, String fstype, long flags, String data) {
    /** A bind mount: {@code MS_BIND}. */
    public static final long MS_BIND = 4096;
    public static final MountOptions DEFAULT = new MountOptions(null, null, null, 0, null);

    public MountOptions withSource(String s) {
        return new MountOptions(s, target, fstype, flags, data);
    }

    public MountOptions withTarget(String t) {
        return new MountOptions(source, t, fstype, flags, data);
    }

    public MountOptions withFstype(String f) {
        return new MountOptions(source, target, f, flags, data);
    }

    public MountOptions withFlags(long f) {
        return new MountOptions(source, target, fstype, f, data);
    }

    public MountOptions withData(String d) {
        return new MountOptions(source, target, fstype, flags, d);
    }
}
