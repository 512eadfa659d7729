package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Copies strings liblxc hands over and frees them: each exactly once, with libc's {@code free}. */
public final class NativeStrings {
    private NativeStrings() {
    }

    /** A NUL-terminated UTF-8 copy in JNA-owned memory (freed by the GC); null stays null. */
    public static Memory cString(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    /** Copies a malloc'd {@code char*} and frees it; null stays null. */
    public static String takeString(Pointer p) {
        if (p == null) {
            return null;
        }
        try {
            return p.getString(0);
        } finally {
            LibC.INSTANCE.free(p);
        }
    }

    /** Copies a malloc'd NULL-terminated {@code char**}, frees every string and then the array. */
    public static String[] takeStringArray(Pointer array) {
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; ; i++) {
                Pointer s = array.getPointer((long) i * Native.POINTER_SIZE);
                if (s == null) {
                    break;
                }
                out.add(takeString(s));
            }
        } finally {
            LibC.INSTANCE.free(array);
        }
        return out.toArray(new String[0]);
    }

    /** Copies {@code count} malloc'd strings of a malloc'd array (not NULL-terminated), freeing all of it. */
    public static String[] takeCountedStringArray(Pointer array, int count) {
        if (array == null) {
            return new String[0];
        }
        String[] out = new String[count];
        try {
            for (int i = 0; i < count; i++) {
                out[i] = takeString(array.getPointer((long) i * Native.POINTER_SIZE));
            }
        } finally {
            LibC.INSTANCE.free(array);
        }
        return out;
    }
}
