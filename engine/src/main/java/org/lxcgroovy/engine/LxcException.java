package org.lxcgroovy.engine;

/**
 * A liblxc operation failed. The message names the operation, the container and the reason — liblxc's own words
 * from its log where it gave any, since {@code error_string} is never set in liblxc 5.0.
 */
public class LxcException extends RuntimeException {
    private final String operation;
    private final String container;
    private final String reason;

    public LxcException(String operation, String container, String reason) {
        this(operation, container, reason, null);
    }

    public LxcException(String operation, String container, String reason, Throwable cause) {
        super(format(operation, container, reason), cause);
        this.operation = operation;
        this.container = container;
        this.reason = reason;
    }

    private static String format(String operation, String container, String reason) {
        String who = container == null ? "" : " of container '" + container + "'";
        return operation + who + " failed: " + (reason == null || reason.isBlank() ? "liblxc gave no reason" : reason);
    }

    /** The operation, in the API's words ({@code start}, {@code setConfigItem}, ...). */
    public String getOperation() {
        return operation;
    }

    /** The container's name, or null for operations on no container. */
    public String getContainer() {
        return container;
    }

    /** Why it failed: liblxc's log lines, a tool's output, or the engine's own check. */
    public String getReason() {
        return reason;
    }
}
