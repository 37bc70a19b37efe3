package dev.zerocost.engine.io;

import dev.zerocost.engine.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Moves array elements between byte streams and primitive arrays in bounded chunks, so an array of
 * up to 2^31 - 1 elements never needs a second full-size byte copy.
 */
final class ElementCodec {
    /** Chunk size in bytes; a multiple of every element size. */
    private static final int CHUNK = 1 << 16;
    /** The largest array length every JVM accepts. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Builds the exception for a stream that ended after {@code bytesRead} of the expected bytes. */
    interface ShortRead {
        ArrayFormatException after(long bytesRead);
    }

    private ElementCodec() {
    }

    /**
     * Element count of a shape as read from a file, checked to fit one Java array.
     *
     * @throws ArrayFormatException when a dimension is negative or the product is too large
     */
    static int elementCount(long[] shape, Location where) throws ArrayFormatException {
        long n = 1;
        for (long d : shape) {
            if (d < 0 || d > MAX_ELEMENTS) {
                throw where.fail("shape " + Arrays.toString(shape) + " has a dimension outside [0, " + MAX_ELEMENTS + "]");
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw where.fail("shape " + Arrays.toString(shape) + " holds more than " + MAX_ELEMENTS
                        + " elements, the most one Java array can hold");
            }
        }
        return (int) n;
    }

    /** Shape as ints; call after {@link #elementCount} accepted it. */
    static int[] toIntShape(long[] shape) {
        int[] result = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = (int) shape[i];
        }
        return result;
    }

    /** "6 float32 = 24 bytes", the phrase error messages use to say what a shape needs. */
    static String describeBytes(int count, DType dtype) {
        return count + " " + dtype + " = " + (long) count * dtype.byteSize() + " bytes";
    }

    static Object allocate(DType dtype, int count) {
        return switch (dtype) {
            case FLOAT32 -> new float[count];
            case FLOAT64 -> new double[count];
            case INT64 -> new long[count];
            case UINT8 -> new byte[count];
        };
    }

    /** Reads exactly {@code count} elements, or raises what {@code onShortRead} builds. */
    static Object read(InputStream in, DType dtype, ByteOrder order, int count, ShortRead onShortRead)
            throws IOException {
        Object data = allocate(dtype, count);
        int size = dtype.byteSize();
        if (dtype == DType.UINT8) {
            int got = in.readNBytes((byte[]) data, 0, count);
            if (got < count) {
                throw onShortRead.after(got);
            }
            return data;
        }
        byte[] chunk = new byte[(int) Math.min(CHUNK, (long) count * size)];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(order);
        long bytesRead = 0;
        for (int done = 0; done < count; ) {
            int elements = Math.min(count - done, CHUNK / size);
            int want = elements * size;
            int got = in.readNBytes(chunk, 0, want);
            bytesRead += got;
            if (got < want) {
                throw onShortRead.after(bytesRead);
            }
            buffer.clear();
            switch (dtype) {
                case FLOAT32 -> buffer.asFloatBuffer().get((float[]) data, done, elements);
                case FLOAT64 -> buffer.asDoubleBuffer().get((double[]) data, done, elements);
                case INT64 -> buffer.asLongBuffer().get((long[]) data, done, elements);
                default -> throw new AssertionError(dtype);
            }
            done += elements;
        }
        return data;
    }

    /** Writes all elements of {@code array} in the given byte order. */
    static void write(OutputStream out, NdArray array, ByteOrder order) throws IOException {
        DType dtype = array.dtype();
        int count = (int) array.size();
        if (dtype == DType.UINT8) {
            out.write((byte[]) array.data(), 0, count);
            return;
        }
        int size = dtype.byteSize();
        byte[] chunk = new byte[(int) Math.min(CHUNK, (long) count * size)];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(order);
        for (int done = 0; done < count; ) {
            int elements = Math.min(count - done, CHUNK / size);
            buffer.clear();
            switch (dtype) {
                case FLOAT32 -> buffer.asFloatBuffer().put((float[]) array.data(), done, elements);
                case FLOAT64 -> buffer.asDoubleBuffer().put((double[]) array.data(), done, elements);
                case INT64 -> buffer.asLongBuffer().put((long[]) array.data(), done, elements);
                default -> throw new AssertionError(dtype);
            }
            out.write(chunk, 0, elements * size);
            done += elements;
        }
    }
}
