package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The few libc calls the engine needs. Calls that report errno throw {@link LastErrorException}. */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_TRUNC = 01000;
    int O_APPEND = 02000;
    int O_NONBLOCK = 04000;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;

    int WNOHANG = 1;
    int EINTR = 4;
    int ECHILD = 10;
    int EAGAIN = 11;
    int ENOSYS = 38;

    int SIGKILL = 9;
    int SIGTERM = 15;

    long SYS_PIDFD_SEND_SIGNAL = 424;
    long SYS_PIDFD_OPEN = 434;
    long SYS_CLOSE_RANGE = 436;
    long SYS_OPENAT2 = 437;
    int CLOSE_RANGE_CLOEXEC = 1 << 2;

    void free(Pointer p);

    // unix sockets with descriptors attached (the attach helper's channel)
    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SOCK_CLOEXEC = O_CLOEXEC;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 1;
    int MSG_CTRUNC = 0x8;
    int MSG_TRUNC = 0x20;
    int MSG_NOSIGNAL = 0x4000;
    int MSG_CMSG_CLOEXEC = 0x40000000;

    int SHUT_RDWR = 2;
    int SOCK_STREAM = 1;
    int ECONNREFUSED = 111;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, byte[] address, int length) throws LastErrorException;

    int socketpair(int domain, int type, int protocol, int[] sv) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    long sendmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    // posix_spawn(3): a new process without copying the JVM (glibc uses clone(CLONE_VM | CLONE_VFORK))
    int POSIX_SPAWN_SETSIGMASK = 0x08;
    int POSIX_SPAWN_SETSID = 0x80;

    /** Returns an error number (0 on success); errno is not used. */
    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, String[] argv, String[] envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int oflag, int mode);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    int posix_spawnattr_destroy(Pointer attr);

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int geteuid();

    int open(String path, int flags, int mode) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    int waitpid(int pid, IntByReference status, int options) throws LastErrorException;

    int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    String strerror(int errnum);

    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int PROT_EXEC = 4;
    int MAP_PRIVATE = 2;
    int MAP_ANONYMOUS = 0x20;
    Pointer MAP_FAILED = new Pointer(-1L);

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    int mprotect(Pointer addr, long length, int prot);

    /** glibc's registration behind pthread_atfork (which is not exported from libc.so.6). */
    int __register_atfork(Pointer prepare, Pointer parent, Pointer child, Pointer dsoHandle);

    long syscall(long number, Object... args) throws LastErrorException;

    int AT_REMOVEDIR = 0x200;
    int ENOENT = 2;
    int EEXIST = 17;
    int ENOTDIR = 20;
    /** openat2's resolve flags: no /proc magic links; treat the directory fd as "/" for every step. */
    long RESOLVE_NO_MAGICLINKS = 0x02;
    long RESOLVE_IN_ROOT = 0x10;

    int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    int renameat(int olddirfd, String oldpath, int newdirfd, String newpath) throws LastErrorException;
}
