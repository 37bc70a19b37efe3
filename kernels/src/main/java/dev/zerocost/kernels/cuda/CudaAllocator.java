package dev.zerocost.kernels.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching device allocator: blocks are rounded up to a size class (at most a quarter wasted)
 * and, when released, kept on that class's free list for the next request instead of going back
 * to the driver. Safe because every kernel and copy of a backend runs on its one stream: a block
 * reused by a later call is touched only after the earlier calls on that stream finished.
 * Returning cached blocks to the driver ({@link #trim}) synchronizes the stream first.
 */
final class CudaAllocator {
    /** The device memory calls, separate so the caching can be tested without a GPU. */
    interface Memory {
        /** A device block of exactly that many bytes, or 0 when the device is out of memory. */
        long allocate(long bytes);

        void free(long address);

        /** Waits until every call queued on the backend's stream finished. */
        void synchronize();
    }

    /** A device block: its address and its size class in bytes. */
    record Block(long address, long bytes) {
    }

    private final Memory memory;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long reservedBytes;
    private long cachedBytes;
    private long reuses;

    CudaAllocator(Memory memory) {
        this.memory = memory;
    }

    /** The size class of a request: 512 bytes at least, then steps of a quarter of the power of two below. */
    static long sizeClass(long bytes) {
        long b = Math.max(bytes, 1);
        if (b <= 512) {
            return 512;
        }
        int log = 63 - Long.numberOfLeadingZeros(b - 1);
        long step = 1L << Math.max(9, log - 2);
        return (b + step - 1) / step * step;
    }

    /** A block of at least {@code bytes}: a cached one of the same class if any, else a new one. */
    synchronized Block allocate(long bytes) {
        long size = sizeClass(bytes);
        ArrayDeque<Long> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            cachedBytes -= size;
            reuses++;
            return new Block(list.pop(), size);
        }
        long address = memory.allocate(size);
        if (address == 0 && cachedBytes > 0) {
            trim();
            address = memory.allocate(size);
        }
        if (address == 0) {
            throw new CudaErrors.CudaException(2, "cuMemAlloc(" + size + " bytes) failed with CUDA_ERROR_OUT_OF_MEMORY (2)"
                    + " with " + (reservedBytes >> 20) + " MiB already in use: the GPU ran out of memory; use a smaller"
                    + " batch, or --backend cpu");
        }
        reservedBytes += size;
        return new Block(address, size);
    }

    /** Puts a block back on its free list for reuse. */
    synchronized void release(Block block) {
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.address());
        cachedBytes += block.bytes();
    }

    /** Returns every cached block to the driver, after the stream has finished with them. */
    synchronized void trim() {
        if (cachedBytes == 0) {
            return;
        }
        memory.synchronize();
        for (ArrayDeque<Long> list : free.values()) {
            for (long address : list) {
                memory.free(address);
            }
        }
        free.clear();
        reservedBytes -= cachedBytes;
        cachedBytes = 0;
    }

    /** Device bytes held from the driver: blocks in use plus cached ones. */
    synchronized long reservedBytes() {
        return reservedBytes;
    }

    /** Bytes of released blocks kept for reuse. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** How many requests a cached block served. */
    synchronized long reuses() {
        return reuses;
    }
}
