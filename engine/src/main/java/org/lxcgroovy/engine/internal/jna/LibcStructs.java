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
}
