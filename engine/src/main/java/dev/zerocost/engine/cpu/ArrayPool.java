package dev.zerocost.engine.cpu;

import dev.zerocost.engine.DType;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles the primitive arrays of released CPU buffers. A sweep allocates the same shapes pass
 * after pass (every proxy, every batch, every arch of a stage layout), and fresh multi-megabyte
 * arrays cost page faults, zeroing by the kernel and garbage collection; a released array of the
 * same type and length is zeroed and handed out again instead. Only arrays of at least
 * {@link #MIN_BYTES} are kept, up to {@code zerocost.pool.mb} megabytes in all (default: a quarter
 * of the maximum heap; 0 turns pooling off).
 */
final class ArrayPool {
    static final long MIN_BYTES = 1 << 16;
    private static final long CAPACITY = capacity();

    private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
    private long bytes;

    private static long capacity() {
        Long mb = Long.getLong("zerocost.pool.mb");
        return mb != null ? mb << 20 : Runtime.getRuntime().maxMemory() / 4;
    }

    private static long key(DType dtype, long length) {
        return length << 3 | dtype.ordinal();
    }

    /** A pooled array of this dtype and length, zero-filled when asked, or null when none is pooled. */
    Object take(DType dtype, int length, boolean zeroed) {
        long arrayBytes = (long) length * dtype.byteSize();
        if (arrayBytes < MIN_BYTES) {
            return null;
        }
        Object a;
        synchronized (this) {
            ArrayDeque<Object> q = free.get(key(dtype, length));
            a = q == null ? null : q.pollLast();
            if (a == null) {
                return null;
            }
            bytes -= arrayBytes;
        }
        if (!zeroed) {
            return a;
        }
        switch (dtype) {
            case FLOAT32 -> java.util.Arrays.fill((float[]) a, 0f);
            case FLOAT64 -> java.util.Arrays.fill((double[]) a, 0.0);
            default -> java.util.Arrays.fill((long[]) a, 0L);
        }
        return a;
    }

    /** Offers a released array of this dtype and length; returns false when it is too small or the pool is full. */
    synchronized boolean give(DType dtype, long length, Object array) {
        long arrayBytes = length * dtype.byteSize();
        if (arrayBytes < MIN_BYTES || bytes + arrayBytes > CAPACITY) {
            return false;
        }
        free.computeIfAbsent(key(dtype, length), k -> new ArrayDeque<>()).addLast(array);
        bytes += arrayBytes;
        return true;
    }

    /** Drops every pooled array (for the garbage collector); returns the bytes dropped. */
    synchronized long clear() {
        long dropped = bytes;
        free.clear();
        bytes = 0;
        return dropped;
    }

    synchronized long pooledBytes() {
        return bytes;
    }
}
