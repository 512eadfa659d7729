package org.lxcgroovy.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an unprivileged container's root can reach its rootfs: liblxc opens it as the mapped root (host uid
 * 100000, say), which needs search permission on every directory above it. Checked before a start, so the
 * directory in the way is named rather than liblxc's "Permission denied - Failed to open ... rootfs".
 */
final class RootfsReach {
    private RootfsReach() {
    }

    /** Throws the directory the mapped root cannot pass; returns when it can, or when the rootfs is not a path. */
    static void check(String operation, String container, IdMap map, String rootfs) {
        if (map.isEmpty() || rootfs == null) {
            return;
        }
        long uid = map.hostUid(0);
        long gid = map.hostGid(0);
        for (Path target : paths(rootfs)) {
            List<Path> chain = new ArrayList<>();
            for (Path p = target; p != null; p = p.getParent()) {
                chain.add(0, p);
            }
            for (Path dir : chain) {
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(dir, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    return;   // missing or unreadable here: liblxc's own error says it better
                }
                int mode = (Integer) a.get("mode");
                long owner = ((Number) a.get("uid")).longValue();
                long group = ((Number) a.get("gid")).longValue();
                int searchBit = owner == uid ? 0100 : group == gid ? 010 : 01;
                if ((mode & 040000) != 0 && (mode & searchBit) == 0) {
                    throw new LxcException(LxcException.Kind.REFUSED, operation, container, "the container's root (host uid "
                            + uid + ") cannot reach its rootfs " + target + ": " + dir + " is mode "
                            + String.format("%04o", mode & 07777) + ", owned by " + owner + ":" + group
                            + " (chmod o+x " + dir + ", or give it to " + uid + ")");
                }
            }
        }
    }

    /** The directories of a rootfs spec: "dir:/x", "/x", "overlay:/lower:/upper"; none for block devices. */
    static List<Path> paths(String rootfs) {
        String spec = rootfs.replaceFirst("^(dir|overlay|overlayfs):", "");
        List<Path> out = new ArrayList<>();
        for (String part : spec.split(":")) {
            if (part.startsWith("/") && !part.startsWith("/dev/")) {
                out.add(Path.of(part));
            }
        }
        return out;
    }
}
