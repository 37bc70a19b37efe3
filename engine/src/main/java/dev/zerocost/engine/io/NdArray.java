package dev.zerocost.engine.io;

import dev.zerocost.engine.DType;
import java.util.Arrays;

/**
 * A host-side n-dimensional array as read from or written to a file: row-major data in a
 * primitive Java array that matches the dtype (float[] for FLOAT32, double[] for FLOAT64,
 * long[] for INT64, byte[] for UINT8).
 */
public record NdArray(DType dtype, int[] shape, Object data) {
    public NdArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        int length = switch (dtype) {
            case FLOAT32 -> ((float[]) data).length;
            case FLOAT64 -> ((double[]) data).length;
            case INT64 -> ((long[]) data).length;
            case UINT8 -> ((byte[]) data).length;
        };
        if (length != n) {
            throw new IllegalArgumentException("data holds " + length + " elements but shape "
                    + Arrays.toString(shape) + " needs " + n);
        }
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return "NdArray(" + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
