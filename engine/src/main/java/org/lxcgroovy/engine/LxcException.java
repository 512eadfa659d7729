package org.lxcgroovy.engine;

/**
 * A liblxc operation failed. The message names the operation, the container and the reason — liblxc's own words
 * from its log where it gave any, since {@code error_string} is never set in liblxc 5.0. {@link #getKind()} says
 * what sort of failure it was, for a program to act on; {@link #getErrno()} the system error where there is one.
 */
public class LxcException extends RuntimeException {
    /** What sort of failure, for a program to test instead of reading the message. */
    public enum Kind {
        /** The container does not exist (in that config path). */
        NOT_DEFINED,
        /** The operation needs a running container and this one is not. */
        NOT_RUNNING,
        /** The operation needs a stopped container and this one runs. */
        ALREADY_RUNNING,
        /** A container of that name exists already. */
        ALREADY_EXISTS,
        /** The operation did not finish in the time it had. */
        TIMED_OUT,
        /** The request itself was refused: a bad name, an unknown key, a rejected value, a path that cannot be. */
        REFUSED,
        /** A system call failed; {@link #getErrno()} says which error. */
        SYSTEM_ERROR,
        /** liblxc or one of its tools tried and failed; the reason says why. */
        FAILED
    }

    private final Kind kind;
    private final String operation;
    private final String container;
    private final String reason;
    private final int errno;

    public LxcException(Kind kind, String operation, String container, String reason) {
        this(kind, operation, container, reason, 0, null);
    }

    public LxcException(Kind kind, String operation, String container, String reason, Throwable cause) {
        this(kind, operation, container, reason, 0, cause);
    }

    public LxcException(Kind kind, String operation, String container, String reason, int errno, Throwable cause) {
        super(format(operation, container, reason), cause);
        this.kind = kind;
        this.operation = operation;
        this.container = container;
        this.reason = reason;
        this.errno = errno;
    }

    private static String format(String operation, String container, String reason) {
        String who = container == null ? "" : " of container '" + container + "'";
        return operation + who + " failed: " + (reason == null || reason.isBlank() ? "liblxc gave no reason" : reason);
    }

    public Kind getKind() {
        return kind;
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

    /** The errno of the system call that failed (ENOENT is 2, ...); 0 when there was none or liblxc did not say. */
    public int getErrno() {
        return errno;
    }
}
