package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Memory;

/** The libc and kernel structs the engine passes: their layouts and how they are filled. */
public final class LibcStructs {
    private LibcStructs() {
    }

    /** {@code struct open_how}, the argument of openat2(2). */
    @CStruct(type = "struct open_how", header = "linux/openat2.h")
    public static final class OpenHow {
        @CSizeOf
        public static final int SIZEOF = 24;
        @COffset
        public static final int FLAGS = 0;
        @COffset
        public static final int MODE = 8;
        @COffset
        public static final int RESOLVE = 16;

        private OpenHow() {
        }

        public static Memory of(int flags, int mode, long resolve) {
            Memory how = new Memory(SIZEOF);
            how.setLong(FLAGS, flags & 0xFFFFFFFFL);
            how.setLong(MODE, mode);
            how.setLong(RESOLVE, resolve);
            return how;
        }
    }

    /** {@code struct pollfd}, one entry of poll(2)'s array. */
    @CStruct(type = "struct pollfd", header = "poll.h")
    public static final class PollFd {
        @CSizeOf
        public static final int SIZEOF = 8;
        @COffset
        public static final int FD = 0;
        @COffset
        public static final int EVENTS = 4;
        @COffset
        public static final int REVENTS = 6;

        private PollFd() {
        }

        public static Memory of(int fd, short events) {
            Memory pfd = new Memory(SIZEOF);
            pfd.setInt(FD, fd);
            pfd.setShort(EVENTS, events);
            pfd.setShort(REVENTS, (short) 0);
            return pfd;
        }
    }

    /** {@code struct msghdr}, the argument of sendmsg(2) and recvmsg(2). */
    @CStruct(type = "struct msghdr", header = "sys/socket.h")
    public static final class MsgHdr {
        @CSizeOf
        public static final int SIZEOF = 56;
        @COffset
        public static final int MSG_IOV = 16;
        @COffset
        public static final int MSG_IOVLEN = 24;
        @COffset
        public static final int MSG_CONTROL = 32;
        @COffset
        public static final int MSG_CONTROLLEN = 40;
        @COffset
        public static final int MSG_FLAGS = 48;

        private MsgHdr() {
        }
    }

    /** {@code struct iovec}, one buffer of a message. */
    @CStruct(type = "struct iovec", header = "sys/uio.h")
    public static final class IoVec {
        @CSizeOf
        public static final int SIZEOF = 16;
        @COffset
        public static final int IOV_BASE = 0;
        @COffset
        public static final int IOV_LEN = 8;

        private IoVec() {
        }
    }

    /** {@code struct cmsghdr}, the header of ancillary data; the data (here descriptors) follows at {@link #SIZEOF}. */
    @CStruct(type = "struct cmsghdr", header = "sys/socket.h")
    public static final class CmsgHdr {
        @CSizeOf
        public static final int SIZEOF = 16;
        @COffset
        public static final int CMSG_LEN = 0;
        @COffset
        public static final int CMSG_LEVEL = 8;
        @COffset
        public static final int CMSG_TYPE = 12;

        private CmsgHdr() {
        }

        /** CMSG_SPACE(n descriptors): the header and the ints, padded to 8 bytes. */
        public static int space(int fds) {
            return SIZEOF + ((fds * 4 + 7) & ~7);
        }

        /** CMSG_LEN(n descriptors). */
        public static int length(int fds) {
            return SIZEOF + fds * 4;
        }
    }

    /** {@code posix_spawn_file_actions_t}, opaque: only its size matters here. */
    @CStruct(type = "posix_spawn_file_actions_t", header = "spawn.h")
    public static final class SpawnFileActions {
        @CSizeOf
        public static final int SIZEOF = 80;

        private SpawnFileActions() {
        }
    }

    /** {@code posix_spawnattr_t}, opaque: only its size matters here. */
    @CStruct(type = "posix_spawnattr_t", header = "spawn.h")
    public static final class SpawnAttr {
        @CSizeOf
        public static final int SIZEOF = 336;

        private SpawnAttr() {
        }
    }

    /** {@code sigset_t}; all zeros is the empty set. */
    @CStruct(type = "sigset_t", header = "signal.h")
    public static final class SigSet {
        @CSizeOf
        public static final int SIZEOF = 128;

        private SigSet() {
        }
    }
}
