package org.lxcgroovy.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.lxcgroovy.engine.internal.jna.LibC;
import org.lxcgroovy.engine.internal.jna.LibcStructs;

/**
 * Files of a running container, read and written from the host without a process inside. Every path is resolved
 * with {@code openat2(RESOLVE_IN_ROOT)} against the container init's root ({@code /proc/<pid>/root}): ".." stops at
 * the container's "/" and an absolute symlink means the container's path, so no path and no symlink planted in
 * the container reaches a host file. Writes replace a file atomically (a temporary file renamed over it, keeping
 * the old one's mode and owner).
 */
public final class ContainerFiles {
    private static final LibC C = LibC.INSTANCE;
    private static final int DEFAULT_MODE = 0644;

    private final Container container;
    private final IdMap map;
    /** The owner of what is created here, as the host sees it: the container's root unless {@link #ownedBy}. */
    private final long ownerUid;
    private final long ownerGid;
    /** Given by {@link #ownedBy}: a replaced file takes this owner too, instead of keeping its own. */
    private final boolean ownerGiven;

    ContainerFiles(Container container) {
        this(container, IdMap.of(container), 0, 0, false);
    }

    private ContainerFiles(Container container, IdMap map, int uid, int gid, boolean ownerGiven) {
        this.container = container;
        this.map = map;
        this.ownerUid = map.hostUid(uid);
        this.ownerGid = map.hostGid(gid);
        this.ownerGiven = ownerGiven;
    }

    /**
     * The same files, but what is written or created through the result is owned by {@code uid}:{@code gid} as the
     * container sees them (mapped through its lxc.idmap); an id the map does not cover is refused.
     */
    public ContainerFiles ownedBy(int uid, int gid) {
        String unmapped = map.firstUnmapped(uid, gid, List.of());
        if (unmapped != null) {
            throw map.refusal("ownedBy", container.getName(), unmapped);
        }
        return new ContainerFiles(container, map, uid, gid, true);
    }

    /**
     * A file or directory this class just created becomes the container's root's (host root's when privileged), or
     * the owner {@link #ownedBy} gave.
     * {@code created} is an open file's /proc/self/fd link (followed: it is that inode), or an entry below one
     * (given NOFOLLOW_LINKS: should the container swap in a symlink, the link itself is what changes owner).
     */
    private void chownCreated(Path created, LinkOption... how) throws IOException {
        if (ownerUid != 0 || ownerGid != 0 || ownerGiven) {
            Files.setAttribute(created, "unix:uid", (int) ownerUid, how);
            Files.setAttribute(created, "unix:gid", (int) ownerGid, how);
        }
    }

    public boolean exists(String path) {
        try (Fd ignored = open("exists", path, LibC.O_PATH, 0)) {
            return true;
        } catch (LxcException e) {
            if (e.getCause() instanceof LastErrorException le && (le.getErrorCode() == LibC.ENOENT || le.getErrorCode() == LibC.ENOTDIR)) {
                return false;
            }
            throw e;
        }
    }

    public boolean isDirectory(String path) {
        try (Fd fd = open("isDirectory", path, LibC.O_PATH, 0)) {
            return Files.isDirectory(fd.path());
        }
    }

    public byte[] readBytes(String path) {
        try (Fd fd = openRegular("readFile", path, LibC.O_RDONLY, 0)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            long n;
            while ((n = Posix.read(fd.fd, buf)) > 0) {
                out.write(buf, 0, (int) n);
            }
            return out.toByteArray();
        } catch (LastErrorException e) {
            throw failure("readFile", path, e);
        }
    }

    public String readText(String path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    /**
     * Replaces the file atomically; a new file gets mode 0644, an existing one keeps its mode and owner (the owner
     * {@link #ownedBy} gave replaces it). A symlink
     * is written through, as a shell's {@code >} does, its target resolved inside the container (not atomically).
     */
    public void write(String path, byte[] content) {
        String[] split = split("writeFile", path);
        try (Fd dir = open("writeFile", split[0], LibC.O_PATH | LibC.O_DIRECTORY, 0)) {
            Path old = dir.path().resolve(split[1]);     // looked up without following a final symlink
            if (Files.isSymbolicLink(old)) {
                try (Fd target = openRegular("writeFile", path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC, DEFAULT_MODE)) {
                    Posix.writeFully(target.fd, content, content.length);
                }
                return;
            }
            Map<String, Object> keep = Files.exists(old, LinkOption.NOFOLLOW_LINKS)
                    ? Files.readAttributes(old, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS) : null;
            String temp = "." + split[1] + ".lxcg-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            int fd = C.openat(dir.fd, temp, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, DEFAULT_MODE);
            boolean renamed = false;
            try {
                Posix.writeFully(fd, content, content.length);
                Path tempPath = Path.of("/proc/self/fd", Integer.toString(fd));
                if (keep != null) {
                    Files.setAttribute(tempPath, "unix:mode", keep.get("mode"));
                }
                if (keep != null && !ownerGiven) {
                    Files.setAttribute(tempPath, "unix:uid", keep.get("uid"));
                    Files.setAttribute(tempPath, "unix:gid", keep.get("gid"));
                } else {
                    chownCreated(tempPath);
                }
                C.renameat(dir.fd, temp, dir.fd, split[1]);
                renamed = true;
            } finally {
                Posix.closeQuietly(fd);
                if (!renamed) {
                    unlinkQuietly(dir.fd, temp);
                }
            }
        } catch (LastErrorException e) {
            throw failure("writeFile", path, e);
        } catch (IOException e) {
            throw ioFailure("writeFile", path, e);
        }
    }

    public void writeText(String path, String text) {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends to the file, creating it (mode 0644, owned by the container's root) when missing. */
    public void append(String path, byte[] content) {
        try (Fd fd = openForAppend(path)) {
            Posix.writeFully(fd.fd, content, content.length);
        } catch (LastErrorException e) {
            throw failure("appendFile", path, e);
        } catch (IOException e) {
            throw ioFailure("appendFile", path, e);
        }
    }

    /** An existing file as it is; a missing one created exclusively, so only a file made here changes owner. */
    private Fd openForAppend(String path) throws IOException {
        while (true) {
            try {
                return openRegular("appendFile", path, LibC.O_WRONLY | LibC.O_APPEND, 0);
            } catch (LxcException e) {
                if (e.getErrno() != LibC.ENOENT) {
                    throw e;
                }
            }
            try {
                Fd created = openRegular("appendFile", path, LibC.O_WRONLY | LibC.O_APPEND | LibC.O_CREAT | LibC.O_EXCL, DEFAULT_MODE);
                chownCreated(created.path());
                return created;
            } catch (LxcException e) {
                if (e.getErrno() != LibC.EEXIST) {
                    throw e;
                }
                // made by someone else in between: append to theirs
            }
        }
    }

    public void appendText(String path, String text) {
        append(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes a file or an empty directory; false when there was nothing to remove. */
    public boolean delete(String path) {
        String[] split = split("deleteFile", path);
        try (Fd dir = open("deleteFile", split[0], LibC.O_PATH | LibC.O_DIRECTORY, 0)) {
            Path entry = dir.path().resolve(split[1]);     // looked up without following a final symlink
            if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            C.unlinkat(dir.fd, split[1], Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? LibC.AT_REMOVEDIR : 0);
            return true;
        } catch (LastErrorException e) {
            throw failure("deleteFile", path, e);
        }
    }

    /** Creates a directory and any missing parents (mode 0755); existing ones are fine. */
    public void mkdirs(String path) {
        StringBuilder done = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            String parent = done.length() == 0 ? "/" : done.toString();
            try (Fd dir = open("mkdirs", parent, LibC.O_PATH | LibC.O_DIRECTORY, 0)) {
                C.mkdirat(dir.fd, part, 0755);
                chownCreated(dir.path().resolve(part), LinkOption.NOFOLLOW_LINKS);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EEXIST) {
                    throw failure("mkdirs", path, e);
                }
            } catch (IOException e) {
                throw ioFailure("mkdirs", path, e);
            }
            done.append('/').append(part);
        }
    }

    /** Names in a directory, sorted. */
    public List<String> list(String path) {
        try (Fd dir = open("listFiles", path, LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
             Stream<Path> entries = Files.list(dir.path())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw ioFailure("listFiles", path, e);
        }
    }

    /** A file descriptor opened beneath the container's root. */
    private final class Fd implements AutoCloseable {
        final int fd;

        Fd(int fd) {
            this.fd = fd;
        }

        /** The open file itself, through /proc: Java's file API then works on exactly this inode. */
        Path path() {
            return Path.of("/proc/self/fd", Integer.toString(fd));
        }

        @Override
        public void close() {
            Posix.closeQuietly(fd);
        }
    }

    private Fd open(String operation, String path, int flags, int mode) {
        if (path == null || path.isEmpty() || path.indexOf('\0') >= 0) {
            throw new LxcException(LxcException.Kind.REFUSED, operation + "(" + path + ")", container.getName(), "a path inside the container is needed");
        }
        int pid = container.runningInitPid(operation + "(" + path + ")");
        int root;
        try {
            root = Posix.open("/proc/" + pid + "/root", LibC.O_PATH | LibC.O_DIRECTORY, 0);
        } catch (LastErrorException e) {
            throw failure(operation, path, e);
        }
        try {
            return new Fd(openat2(root, path, flags | LibC.O_CLOEXEC, mode));
        } catch (LastErrorException e) {
            throw failure(operation, path, e);
        } finally {
            Posix.closeQuietly(root);
        }
    }

    /**
     * Opens a regular file only: a FIFO a container planted would block the open or the read forever, and a
     * device like /dev/zero never ends. O_NONBLOCK makes the open return so the type can be checked.
     */
    private Fd openRegular(String operation, String path, int flags, int mode) {
        Fd fd = open(operation, path, flags | LibC.O_NONBLOCK, mode);
        if (!Files.isRegularFile(fd.path())) {
            fd.close();
            throw new LxcException(LxcException.Kind.REFUSED, operation + "(" + path + ")", container.getName(), "not a regular file");
        }
        return fd;
    }

    private static int openat2(int dirfd, String path, int flags, int mode) {
        Memory how = LibcStructs.OpenHow.of(flags, mode, LibC.RESOLVE_IN_ROOT | LibC.RESOLVE_NO_MAGICLINKS);
        return (int) C.syscall(LibC.SYS_OPENAT2, (long) dirfd, path, how, (long) LibcStructs.OpenHow.SIZEOF);
    }

    /** {parent, name} of a path; the name must be a plain entry (not "", ".", ".."). */
    private String[] split(String operation, String path) {
        String trimmed = path == null ? "" : path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        String name = trimmed.substring(slash + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new LxcException(LxcException.Kind.REFUSED, operation + "(" + path + ")", container.getName(), "the path must name a file");
        }
        return new String[] {slash <= 0 ? "/" : trimmed.substring(0, slash), name};
    }

    private static void unlinkQuietly(int dirfd, String name) {
        try {
            C.unlinkat(dirfd, name, 0);
        } catch (LastErrorException ignored) {
            // nothing was left to remove
        }
    }

    private LxcException ioFailure(String operation, String path, IOException e) {
        return new LxcException(LxcException.Kind.SYSTEM_ERROR, operation + "(" + path + ")", container.getName(), e.getMessage(), e);
    }

    private LxcException failure(String operation, String path, LastErrorException e) {
        return new LxcException(LxcException.Kind.SYSTEM_ERROR, operation + "(" + path + ")", container.getName(),
                Posix.errnoText(e.getErrorCode()), e.getErrorCode(), e);
    }
}
