package org.lxcgroovy.engine.support;

import org.lxcgroovy.engine.Container;
import org.lxcgroovy.engine.IpOptions;
import org.lxcgroovy.engine.LiblxcSeams;

import java.time.Duration;

/**
 * A 2 s wait for an address that never comes, in a JVM of its own so that what it forks can be counted exactly
 * (under strace): {@code engine NAME} waits through the engine, {@code liblxc NAME} polls liblxc's get_ips every
 * 10 ms for as long, the control. Prints the number of polls. The measured part lies between two look-ups of
 * marker paths ({@link #BEGIN}, {@link #END}) a trace can find; before it, one call of each kind loads what the
 * JVM and JNA load once (JNA's library search runs {@code ldconfig -p} at its first load).
 */
public final class IpWaitProbe {
    public static final String BEGIN = "/lxcg-ipwait-begin";
    public static final String END = "/lxcg-ipwait-end";

    private IpWaitProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Container c = new Container(args[1])) {
            c.getIps(new IpOptions(null, "eth9", 0, null));
            LiblxcSeams.getIps(c, null, "eth9", 0);
            new java.io.File(BEGIN).exists();
            int polls = 0;
            if (args[0].equals("engine")) {
                if (!c.getIps(new IpOptions(null, "eth9", 0, Duration.ofSeconds(2))).isEmpty()) {
                    throw new AssertionError("eth9 has an address");
                }
            } else {
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 2_000_000_000L) {
                    LiblxcSeams.getIps(c, null, "eth9", 0);
                    polls++;
                    Thread.sleep(10);
                }
            }
            new java.io.File(END).exists();
            System.out.println(polls);
        }
    }
}
