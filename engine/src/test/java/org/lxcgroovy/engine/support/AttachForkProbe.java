package org.lxcgroovy.engine.support;

import java.io.File;
import org.lxcgroovy.engine.Container;

/**
 * 100 attaches of {@code true} in a JVM of its own, so that what this JVM forks can be counted under strace: one
 * attach first (it starts the attach helper and loads what loads once), then the measured ones between two
 * look-ups of marker paths ({@link #BEGIN}, {@link #END}) a trace can find. Arguments: the container.
 */
public final class AttachForkProbe {
    public static final String BEGIN = "/lxcg-attachfork-begin";
    public static final String END = "/lxcg-attachfork-end";
    public static final int ATTACHES = 100;

    private AttachForkProbe() {
    }

    public static void main(String[] args) {
        try (Container c = new Container(args[0])) {
            check(c.run("true").isSuccess());
            new File(BEGIN).exists();
            for (int i = 0; i < ATTACHES; i++) {
                check(c.run("true").isSuccess());
            }
            new File(END).exists();
        }
        System.out.println("attached " + ATTACHES);
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new AssertionError("an attach of true failed");
        }
    }
}
