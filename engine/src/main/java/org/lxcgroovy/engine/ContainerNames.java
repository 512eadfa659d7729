package org.lxcgroovy.engine;

/** What a container name may be: liblxc makes a directory of it, so nothing that leaves or confuses that. */
final class ContainerNames {
    private ContainerNames() {
    }

    static void validate(String operation, String name) {
        if (name == null || name.isEmpty()) {
            throw refused(operation, name, "a container name must not be empty");
        }
        if (name.equals(".") || name.equals("..") || name.contains("/")) {
            throw refused(operation, name, "a container name must not contain '/' or be '.' or '..'");
        }
        for (char ch : name.toCharArray()) {
            if (Character.isISOControl(ch) || Character.isWhitespace(ch)) {
                throw refused(operation, name, "a container name must not contain white space or control characters");
            }
        }
    }

    private static LxcException refused(String operation, String name, String reason) {
        return new LxcException(LxcException.Kind.REFUSED, operation, name, reason);
    }
}
