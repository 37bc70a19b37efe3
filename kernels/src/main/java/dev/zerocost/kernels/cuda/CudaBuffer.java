package dev.zerocost.kernels.cuda;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.Buffer;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Device memory of a CUDA buffer: a block of the backend's caching allocator. A zero-element
 * buffer still holds the smallest block but counts 0 live bytes. The block goes back to the
 * allocator on {@link #release()} (normally through a MemoryScope) or, as a safety net, when the
 * buffer is garbage collected unreleased.
 */
final class CudaBuffer extends Buffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final long address;
    private final Cleaner.Cleanable cleanable;

    /** Takes ownership of {@code block}, allocated for at least one element of dtype. */
    CudaBuffer(CudaBackend backend, DType dtype, long size, CudaAllocator.Block block, CudaAllocator allocator,
               AtomicLong live) {
        super(dtype, size);
        this.backend = backend;
        this.address = block.address();
        long bytes = bytes();
        live.addAndGet(bytes);
        this.cleanable = CLEANER.register(this, new Free(allocator, block, live, bytes));
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** The device address; fails if the buffer was released. */
    long address() {
        checkLive();
        return address;
    }

    @Override
    protected void doRelease() {
        cleanable.clean();
    }

    /** Returns the block once, whether released explicitly or collected. Holds no reference to the buffer. */
    private record Free(CudaAllocator allocator, CudaAllocator.Block block, AtomicLong live, long bytes)
            implements Runnable {
        @Override
        public void run() {
            allocator.release(block);
            live.addAndGet(-bytes);
        }
    }
}
