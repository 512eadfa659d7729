package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Closes the race that lets JVM file descriptors into attached processes. liblxc forks its attach child some
 * milliseconds after the engine's call; any fd another thread opens without O_CLOEXEC in that window (the JVM's
 * own cgroup reads, a script's FileInputStream) would be inherited by the program run in the container.
 *
 * <p>The guard registers an atfork child handler (glibc {@code __register_atfork}) that runs in every forked
 * child before liblxc's code does: while {@link #arm()}ed it calls {@code close_range(3, ~0U,
 * CLOSE_RANGE_CLOEXEC)}. The handler cannot be Java (a JVM cannot run Java in a forked child), so it is a
 * 39-byte x86-64 stub in an executable page. Where that cannot be installed, {@link #installed()} is false and
 * the caller falls back to marking fds before the call. {@code -Dlxcgroovy.forkChildGuard=false} turns it off.
 */
public final class ForkChildGuard {
    private static final long PAGE = 4096;

    /** Number of attaches in flight; read by the stub in the child. Lives for the JVM's lifetime. */
    private static final Memory ARMED = new Memory(4);
    private static final boolean INSTALLED = install();
    private static int armed;

    private ForkChildGuard() {
    }

    public static boolean installed() {
        return INSTALLED;
    }

    /** While armed, every child forked by this process marks its inherited fds from 3 up close-on-exec. */
    public static synchronized void arm() {
        ARMED.setInt(0, ++armed);
    }

    public static synchronized void disarm() {
        ARMED.setInt(0, --armed);
    }

    private static boolean install() {
        ARMED.setInt(0, 0);
        if ("false".equals(System.getProperty("lxcgroovy.forkChildGuard"))) {
            return false;
        }
        if (!"amd64".equals(System.getProperty("os.arch")) && !"x86_64".equals(System.getProperty("os.arch"))) {
            return false;
        }
        try {
            LibC c = LibC.INSTANCE;
            Pointer page = c.mmap(null, PAGE, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0L);
            if (page == null || page.equals(LibC.MAP_FAILED)) {
                return false;
            }
            byte[] code = stub(Pointer.nativeValue(ARMED));
            page.write(0, code, 0, code.length);
            if (c.mprotect(page, PAGE, LibC.PROT_READ | LibC.PROT_EXEC) != 0) {
                return false;
            }
            return c.__register_atfork(null, null, page, null) == 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /**
     * <pre>
     *   mov rax, &amp;armed ; mov eax, [rax] ; test eax, eax ; je done
     *   mov eax, 436 (close_range) ; mov edi, 3 ; mov esi, ~0 ; mov edx, 4 (CLOSE_RANGE_CLOEXEC) ; syscall
     *   done: ret
     * </pre>
     */
    static byte[] stub(long armedAddress) {
        byte[] head = {0x48, (byte) 0xB8};
        byte[] tail = {
            (byte) 0x8B, 0x00,                                  // mov eax, [rax]
            (byte) 0x85, (byte) 0xC0,                           // test eax, eax
            0x74, 0x16,                                         // je done (+22)
            (byte) 0xB8, (byte) 0xB4, 0x01, 0x00, 0x00,         // mov eax, 436
            (byte) 0xBF, 0x03, 0x00, 0x00, 0x00,                // mov edi, 3
            (byte) 0xBE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, // mov esi, 0xFFFFFFFF
            (byte) 0xBA, 0x04, 0x00, 0x00, 0x00,                // mov edx, 4
            0x0F, 0x05,                                         // syscall
            (byte) 0xC3                                         // done: ret
        };
        byte[] out = new byte[head.length + 8 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < 8; i++) {
            out[head.length + i] = (byte) (armedAddress >>> (8 * i));
        }
        System.arraycopy(tail, 0, out, head.length + 8, tail.length);
        return out;
    }
}
