package dev.zerocost.engine.cpu;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.Buffer;

/** A CPU buffer: a Java primitive array matching the dtype (float[], double[] or long[]). */
public final class CpuBuffer extends Buffer {
    private final CpuReferenceBackend backend;
    private Object array;

    CpuBuffer(CpuReferenceBackend backend, DType dtype, Object array, long size) {
        super(dtype, size, collected -> backend.live.addAndGet(-collected)); // a Java array: the GC may take it first
        this.backend = backend;
        this.array = array;
        backend.live.addAndGet(bytes());
    }

    static Object newArray(DType dtype, long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a CPU buffer holds at most 2^31 elements; asked for " + size);
        }
        int n = (int) size;
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case UINT8 -> throw new IllegalArgumentException("uint8 tensors are not supported; cast images to float32 first");
        };
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    protected void doRelease() {
        backend.pool.give(dtype(), size(), array);
        array = null;
        backend.live.addAndGet(-bytes());
    }

    public float[] f32() {
        checkLive();
        return (float[]) array;
    }

    public double[] f64() {
        checkLive();
        return (double[]) array;
    }

    public long[] i64() {
        checkLive();
        return (long[]) array;
    }

    Object array() {
        checkLive();
        return array;
    }

    /** Element i widened to double (the reference kernels' accessor). */
    double get(long i) {
        Object a = array();
        int k = (int) i;
        if (a instanceof float[] f) {
            return f[k];
        } else if (a instanceof double[] d) {
            return d[k];
        }
        return ((long[]) a)[k];
    }

    /** Stores v, rounding to the buffer's dtype (float32 round-to-nearest; int64 truncation). */
    void set(long i, double v) {
        Object a = array();
        int k = (int) i;
        if (a instanceof float[] f) {
            f[k] = (float) v;
        } else if (a instanceof double[] d) {
            d[k] = v;
        } else {
            ((long[]) a)[k] = (long) v;
        }
    }
}
