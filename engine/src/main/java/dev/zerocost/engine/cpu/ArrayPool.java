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

    private static long key(Object array) {
        long length = java.lang.reflect.Array.getLength(array);
        int kind = array instanceof float[] ? 0 : array instanceof double[] ? 1 : 2;
        return length << 2 | kind;
    }

    /** A zero-filled pooled array of this dtype and length, or null when none is pooled. */
    Object take(DType dtype, int length) {
        long arrayBytes = (long) length * dtype.byteSize();
        if (arrayBytes < MIN_BYTES) {
            return null;
        }
        int kind = switch (dtype) {
            case FLOAT32 -> 0;
            case FLOAT64 -> 1;
            default -> 2;
        };
        Object a;
        synchronized (this) {
            ArrayDeque<Object> q = free.get((long) length << 2 | kind);
            a = q == null ? null : q.pollLast();
            if (a == null) {
                return null;
            }
            bytes -= arrayBytes;
        }
        switch (kind) {
            case 0 -> java.util.Arrays.fill((float[]) a, 0f);
            case 1 -> java.util.Arrays.fill((double[]) a, 0.0);
            default -> java.util.Arrays.fill((long[]) a, 0L);
        }
        return a;
    }

    /** Offers a released array; returns false when it is too small or the pool is full. */
    synchronized boolean give(Object array, long arrayBytes) {
        if (arrayBytes < MIN_BYTES || bytes + arrayBytes > CAPACITY) {
            return false;
        }
        free.computeIfAbsent(key(array), k -> new ArrayDeque<>()).addLast(array);
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
