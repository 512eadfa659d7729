package org.lxcgroovy.engine.internal.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/** Zeroed native memory for a C struct that also keeps alive the memory its pointer fields point to. */
public final class StructMemory extends Memory {
    private final List<Pointer> referenced = new ArrayList<>();

    public StructMemory(long size) {
        super(size);
        clear();
    }

    /** Stores {@code p} at {@code offset} and keeps it alive as long as this struct. */
    public StructMemory pointerField(long offset, Pointer p) {
        if (p != null) {
            referenced.add(p);
        }
        setPointer(offset, p);
        return this;
    }

    /** Stores a NUL-terminated copy of {@code s} (or NULL) at {@code offset}. */
    public StructMemory stringField(long offset, String s) {
        return pointerField(offset, NativeStrings.cString(s));
    }
}
