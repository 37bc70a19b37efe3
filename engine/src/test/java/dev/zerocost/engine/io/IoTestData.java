package dev.zerocost.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures for the io tests: resource paths, sample arrays and bitwise comparison. */
final class IoTestData {
    /** Shapes every round trip covers: 0-d, 1-d, 4-d and two zero-size shapes. */
    static final List<int[]> SHAPES = List.of(new int[] {}, new int[] {5}, new int[] {2, 3, 4, 5},
            new int[] {0}, new int[] {2, 0, 3});

    private IoTestData() {
    }

    /** A file under src/test/resources/io, made by tools/reference/make_io_fixtures.py. */
    static Path resource(String name) {
        URL url = IoTestData.class.getResource("/io/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource io/" + name
                    + "; regenerate with python3 tools/reference/make_io_fixtures.py");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic values that exercise sign, extremes and (for floats) NaN, infinity and -0. */
    static NdArray sample(DType dtype, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        Object data = switch (dtype) {
            case FLOAT32 -> {
                float[] values = new float[n];
                float[] specials = {Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE};
                for (int i = 0; i < n; i++) {
                    values[i] = i < specials.length ? specials[i] : (i - n / 2) * 0.37f;
                }
                yield values;
            }
            case FLOAT64 -> {
                double[] values = new double[n];
                double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE};
                for (int i = 0; i < n; i++) {
                    values[i] = i < specials.length ? specials[i] : Math.sqrt(i) - 3.0;
                }
                yield values;
            }
            case INT64 -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : (i - 7L) * 1_000_000_007L;
                }
                yield values;
            }
            case UINT8 -> {
                byte[] values = new byte[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (byte) (i * 37 + 255);
                }
                yield values;
            }
        };
        return new NdArray(dtype, shape, data);
    }

    /** Every dtype crossed with every shape in {@link #SHAPES}. */
    static List<NdArray> allSamples() {
        List<NdArray> samples = new ArrayList<>();
        for (DType dtype : DType.values()) {
            for (int[] shape : SHAPES) {
                samples.add(sample(dtype, shape));
            }
        }
        return samples;
    }

    /** Same dtype, shape and bit pattern of every element (NaN payloads and -0 included). */
    static void assertSameArray(NdArray expected, NdArray actual) {
        assertEquals(expected.dtype(), actual.dtype(), "dtype");
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        switch (expected.dtype()) {
            case FLOAT32 -> {
                float[] e = (float[]) expected.data();
                float[] a = (float[]) actual.data();
                assertEquals(e.length, a.length);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "element " + i);
                }
            }
            case FLOAT64 -> {
                double[] e = (double[]) expected.data();
                double[] a = (double[]) actual.data();
                assertEquals(e.length, a.length);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), "element " + i);
                }
            }
            case INT64 -> assertArrayEquals((long[]) expected.data(), (long[]) actual.data());
            case UINT8 -> assertArrayEquals((byte[]) expected.data(), (byte[]) actual.data());
        }
    }

    /** Asserts the message names every given fragment (file, entry, expectation). */
    static void assertMentions(Exception error, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment),
                    "message should mention \"" + fragment + "\" but was: " + error.getMessage());
        }
    }

    /** The arrays make_io_fixtures.py writes, in the order it writes them. */
    static NdArray fixtureWeights() {
        return new NdArray(DType.FLOAT32, new int[] {2, 3},
                new float[] {-1.5f, 0.0f, -0.0f, Float.POSITIVE_INFINITY, 3.4028235e38f, 1e-45f});
    }

    static NdArray fixtureScalar() {
        return new NdArray(DType.FLOAT64, new int[] {}, new double[] {Math.PI});
    }

    static NdArray fixtureLabels() {
        return new NdArray(DType.INT64, new int[] {5}, new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE});
    }

    static NdArray fixtureImage() {
        byte[] data = new byte[12];
        for (int i = 0; i < 12; i++) {
            data[i] = (byte) (i * 37 % 256);
        }
        return new NdArray(DType.UINT8, new int[] {2, 1, 2, 3}, data);
    }

    static NdArray fixtureEmpty() {
        return new NdArray(DType.FLOAT32, new int[] {0, 3}, new float[0]);
    }
}
