package dev.zerocost.engine.backend;

import dev.zerocost.engine.DType;
import java.util.function.LongConsumer;

/**
 * Device-resident storage for the elements of a tensor. A buffer belongs to exactly one
 * backend; only that backend's kernels read or write it. Buffers are released explicitly
 * (by a {@link MemoryScope} or {@link #release()}) so native backends return memory
 * promptly; releasing twice is harmless.
 */
public abstract class Buffer {
    private final DType dtype;
    private final long size;
    private final Lifetime lifetime = new Lifetime();
    private final LongConsumer whenCollected;

    /** Whether the buffer was released; shared with a memory scope that holds the buffer weakly. */
    static final class Lifetime {
        boolean released;
    }

    protected Buffer(DType dtype, long size) {
        this(dtype, size, null);
    }

    /**
     * @param whenCollected non-null when the garbage collector reclaims this buffer's memory once it
     *     is unreachable (a Java array): a memory scope then holds the buffer weakly, so temporaries
     *     nobody refers to any more go before the scope closes, and calls this with the buffer's
     *     bytes at close when it was collected without being released, to settle the backend's
     *     accounting. Null for device memory, which only release() returns.
     */
    protected Buffer(DType dtype, long size, LongConsumer whenCollected) {
        this.dtype = dtype;
        this.size = size;
        this.whenCollected = whenCollected;
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
        return lifetime.released;
    }

    /** Returns the memory to the backend. Later kernel calls on this buffer fail. */
    public final void release() {
        if (!lifetime.released) {
            lifetime.released = true;
            doRelease();
        }
    }

    protected abstract void doRelease();

    final Lifetime lifetime() {
        return lifetime;
    }

    /** See the constructor; null for buffers a scope must hold strongly. */
    final LongConsumer whenCollected() {
        return whenCollected;
    }

    protected final void checkLive() {
        if (lifetime.released) {
            throw new IllegalStateException("buffer of " + size + " " + dtype
                    + " elements was used after its memory scope closed; keep() results that must outlive the scope");
        }
    }
}
