package org.lxcgroovy.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lxcgroovy.engine.internal.jna.LxcHandle;

/**
 * The one way a failed liblxc call becomes an {@link LxcException}: liblxc's ERROR lines written since the call
 * began (its log is the only place 5.0 gives a reason), else the errno the call returned, else the container's
 * state; and the {@link LxcException.Kind} that reason shows.
 */
final class LxcFailure {
    private LxcFailure() {
    }

    /** After {@code call} failed on {@code h}: an exception with liblxc's reason. {@code negativeErrno} 0 when none. */
    static LxcException of(String operation, String container, long mark, LxcHandle h, int negativeErrno,
                           LxcException.Kind kindIfUnclear) {
        String reason = LxcLog.reasonSince(mark, container);
        int errno = negativeErrno < -1 ? -negativeErrno : 0;
        if (reason == null && errno != 0) {
            reason = Posix.errnoText(errno);
        }
        LxcException.Kind kind;
        if (reason == null && !h.is_defined()) {
            reason = "container is not defined in " + h.get_config_path();
            kind = LxcException.Kind.NOT_DEFINED;
        } else {
            if (reason == null) {
                String state = h.state();
                reason = kindIfUnclear == LxcException.Kind.NOT_RUNNING ? "container is not running (state " + state + ")"
                        : "liblxc gave no reason (container is " + state + ")";
            }
            kind = errno != 0 ? LxcException.Kind.SYSTEM_ERROR : kindOf(reason, kindIfUnclear);
        }
        return new LxcException(kind, operation, container, reason, errno, null);
    }

    /** The kind liblxc's (or a tool's) words show; {@code otherwise} when they show none. */
    static LxcException.Kind kindOf(String reason, LxcException.Kind otherwise) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("not running")) {
            return LxcException.Kind.NOT_RUNNING;
        }
        if (r.contains("already running") || r.contains("is running")) {
            return LxcException.Kind.ALREADY_RUNNING;
        }
        if (r.contains("already exists")) {
            return LxcException.Kind.ALREADY_EXISTS;
        }
        if (r.contains("no container config specified") || r.contains("not defined")) {
            return LxcException.Kind.NOT_DEFINED;
        }
        return otherwise;
    }

    /** {@code e} with the last error lines of CRIU's own log added to its reason; {@code e} itself without them. */
    static LxcException withCriuLog(LxcException e, Path criuLog) {
        List<String> errors = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(criuLog)) {
                if (line.contains("Error") || line.contains("error")) {
                    errors.add(line.trim());
                }
            }
        } catch (IOException | RuntimeException noLog) {
            return e;
        }
        if (errors.isEmpty()) {
            return e;
        }
        String criu = String.join("; ", errors.subList(Math.max(0, errors.size() - 3), errors.size()));
        return new LxcException(e.getKind(), e.getOperation(), e.getContainer(),
                e.getReason() + "; " + criuLog.getFileName() + ": " + criu, e);
    }
}
