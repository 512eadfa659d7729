package org.lxcgroovy.engine;

/**
 * What {@link Container#consoleLog(ConsoleLogOptions)} does with the console ring buffer: read it (at most
 * {@code readMax} bytes; 0: all) and/or clear it. {@link #DEFAULT} reads all and clears nothing.
 */
public record ConsoleLogOptions(boolean clear, boolean read, long readMax) {
    public static final ConsoleLogOptions DEFAULT = new ConsoleLogOptions(false, true, 0);

    public ConsoleLogOptions withClear(boolean c) {
        return new ConsoleLogOptions(c, read, readMax);
    }

    public ConsoleLogOptions withRead(boolean r) {
        return new ConsoleLogOptions(clear, r, readMax);
    }

    public ConsoleLogOptions withReadMax(long max) {
        return new ConsoleLogOptions(clear, read, max);
    }
}
