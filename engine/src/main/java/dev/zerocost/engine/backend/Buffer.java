package dev.zerocost.engine.backend;

import dev.zerocost.engine.DType;

/**
 * Device-resident storage for the elements of a tensor. A buffer belongs to exactly one
 * backend; only that backend's kernels read or write it. Buffers are released explicitly
 * (by a {@link MemoryScope} or {@link #release()}) so native backends return memory
 * promptly; releasing twice is harmless.
 */
public abstract class Buffer {
    private final DType dtype;
    private final long size;
    private boolean released;

    protected Buffer(DType dtype, long size) {
        this.dtype = dtype;
        this.size = size;
        MemoryScope.register(this);
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final long size() {
        return size;
    }

    public final long bytes() {
        return size * dtype.byteSize();
    }

    public abstract Backend backend();

    public final boolean isReleased() {
        return released;
    }

    /** Returns the memory to the backend. Later kernel calls on this buffer fail. */
    public final void release() {
        if (!released) {
            released = true;
            doRelease();
        }
    }

    protected abstract void doRelease();

    protected final void checkLive() {
        if (released) {
            throw new IllegalStateException("buffer of " + size + " " + dtype
                    + " elements was used after its memory scope closed; keep() results that must outlive the scope");
        }
    }
}
