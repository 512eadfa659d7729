package org.lxcgroovy.engine;

/** Counters of one network interface inside a container, as its kernel keeps them ({@code /proc/net/dev}). */
public record InterfaceStats(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                             long txBytes, long txPackets, long txErrors, long txDropped) {
}
