package dev.zerocost.nasbench.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A numpy ndarray as found in a pickle: the dtype descriptor (e.g. {@code "|u1"}, {@code "<i8"},
 * {@code "<f4"}), the shape, the memory order and the raw element bytes. Only plain numeric and
 * boolean dtypes exist here; the pickle reader refuses object, string and structured arrays.
 */
public final class NumpyArray {
    private String dtype;
    private int[] shape;
    private boolean fortranOrder;
    private byte[] data;

    NumpyArray() {
        // filled by BUILD in the pickle stream (ndarray.__setstate__) or by init()
    }

    NumpyArray(String dtype, int[] shape, boolean fortranOrder, byte[] data) {
        init(dtype, shape, fortranOrder, data);
    }

    void init(String dtype, int[] shape, boolean fortranOrder, byte[] data) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
        }
        long expected = count * itemSize(dtype);
        if (data.length != expected) {
            throw new IllegalArgumentException("array of dtype " + dtype + " and shape " + Arrays.toString(shape)
                    + " needs " + expected + " data bytes, found " + data.length);
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.fortranOrder = fortranOrder;
        this.data = data;
    }

    boolean isInitialised() {
        return data != null;
    }

    /** numpy dtype descriptor: byte order ({@code <}, {@code >} or {@code |}), kind and item size. */
    public String dtype() {
        return dtype;
    }

    /** The shape, outermost dimension first. */
    public int[] shape() {
        return shape.clone();
    }

    /** True when the raw bytes are in Fortran (column-major) order. */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The raw element bytes (not a copy), valid only for one-byte dtypes or with {@link #dtype()} in mind. */
    public byte[] rawBytes() {
        return data;
    }

    /** The elements of a uint8 array, in memory order (not a copy). */
    public byte[] uint8() {
        if (!dtype.substring(1).equals("u1")) {
            throw new IllegalArgumentException("expected a uint8 array, found dtype " + dtype);
        }
        return data;
    }

    /** All elements of an integer or boolean array as longs, in memory order. */
    public long[] toLongArray() {
        char kind = dtype.charAt(1);
        int size = itemSize(dtype);
        if (kind != 'i' && kind != 'u' && kind != 'b') {
            throw new IllegalArgumentException("expected an integer array, found dtype " + dtype);
        }
        if (kind == 'u' && size == 8) {
            throw new IllegalArgumentException("uint64 arrays are not supported as labels (dtype " + dtype + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(order());
        long[] out = new long[Math.toIntExact(size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (size) {
                case 1 -> kind == 'i' ? buf.get() : buf.get() & 0xFFL;
                case 2 -> kind == 'i' ? buf.getShort() : buf.getShort() & 0xFFFFL;
                case 4 -> kind == 'i' ? buf.getInt() : buf.getInt() & 0xFFFFFFFFL;
                default -> buf.getLong();
            };
        }
        return out;
    }

    /** All elements of a float32 or float64 array as doubles, in memory order. */
    public double[] toDoubleArray() {
        if (dtype.charAt(1) != 'f' || itemSize(dtype) == 2) {
            throw new IllegalArgumentException("expected a float32 or float64 array, found dtype " + dtype);
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(order());
        double[] out = new double[Math.toIntExact(size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = itemSize(dtype) == 4 ? buf.getFloat() : buf.getDouble();
        }
        return out;
    }

    private ByteOrder order() {
        return dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Bytes per element of a descriptor such as {@code "<f8"}. */
    static int itemSize(String descriptor) {
        return Integer.parseInt(descriptor.substring(2));
    }

    @Override
    public String toString() {
        return "NumpyArray(" + dtype + ", " + Arrays.toString(shape) + (fortranOrder ? ", Fortran order" : "") + ")";
    }
}
