package dev.zerocost.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;
import dev.zerocost.engine.cpu.CpuReferenceBackend;
import dev.zerocost.engine.io.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every primitive on a native backend against the CPU reference (the specification), on random data with
 * odd shapes, zero-size tensors, NaN, signed zeros and infinities, in float32 and float64 (and
 * int64 where a primitive takes it). The kernels keep the reference's order of summation and
 * widen to double, so results must be bit-identical, except exp, log and pow, whose device
 * libraries may differ from Java's by an ulp or so.
 */
public abstract class BackendAgreementSuite {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};
    private static final double[] SPECIAL = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        1.0, -1.0, 0.5, -2.5, 1e-40, 3e38};

    private final Backend ref = new CpuReferenceBackend();
    private Backend backend;
    private final Random random = new Random(20240607);

    /** The backend under test, or an aborted (skipped) test with a printed reason when it is unavailable. */
    protected abstract Backend backendOrSkip();

    @BeforeEach
    void backendUnderTest() {
        backend = backendOrSkip();
    }

    // ---- data and comparison helpers ----

    /** Uniform values in [-1, 1), with a few special values at fixed places when asked. */
    private double[] random(int n, boolean specials) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble() * 2 - 1;
        }
        if (specials) {
            for (int i = 0; i < SPECIAL.length && i * 7 < n; i++) {
                v[i * 7] = SPECIAL[i];
            }
        }
        return v;
    }

    private static NdArray array(DType dtype, double[] v) {
        int[] shape = {v.length};
        return switch (dtype) {
            case FLOAT32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                yield new NdArray(dtype, shape, f);
            }
            case FLOAT64 -> new NdArray(dtype, shape, v.clone());
            case INT64 -> {
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = (long) v[i];
                }
                yield new NdArray(dtype, shape, l);
            }
            case UINT8 -> throw new AssertionError();
        };
    }

    private static double[] widen(NdArray a) {
        int n = (int) a.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (a.dtype()) {
                case FLOAT32 -> ((float[]) a.data())[i];
                case FLOAT64 -> ((double[]) a.data())[i];
                case INT64 -> ((long[]) a.data())[i];
                case UINT8 -> throw new AssertionError();
            };
        }
        return out;
    }

    /** Runs body on a backend inside a memory scope and downloads the buffer it returns. */
    private static NdArray on(Backend b, Function<Backend, Buffer> body) {
        try (MemoryScope scope = MemoryScope.open()) {
            Buffer out = body.apply(b);
            return b.download(out, new int[] {(int) out.size()});
        }
    }

    /** Element-wise agreement: bit for bit (any NaN matches any NaN), or within ulps of the reference. */
    private void agree(NdArray expected, NdArray actual, int ulps, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        if (expected.dtype() == DType.INT64) {
            long[] e = (long[]) expected.data();
            long[] a = (long[]) actual.data();
            assertEquals(e.length, a.length, what + ": length");
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], what + ": element " + i);
            }
            return;
        }
        double[] e = widen(expected);
        double[] a = widen(actual);
        assertEquals(e.length, a.length, what + ": length");
        boolean f32 = expected.dtype() == DType.FLOAT32;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) {
                continue;
            }
            long bitsE = f32 ? Float.floatToRawIntBits((float) e[i]) : Double.doubleToRawLongBits(e[i]);
            long bitsA = f32 ? Float.floatToRawIntBits((float) a[i]) : Double.doubleToRawLongBits(a[i]);
            if (bitsE == bitsA) {
                continue;
            }
            double ulp = f32 ? Math.ulp((float) e[i]) : Math.ulp(e[i]);
            if (ulps == 0 || !(Math.abs(e[i] - a[i]) <= ulps * ulp)) {
                throw new AssertionError(what + ": element " + i + " of " + e.length + ": reference " + e[i]
                        + " " + backend.name() + " " + a[i] + (ulps > 0 ? " (more than " + ulps + " ulps)" : " (not bit-identical)"));
            }
        }
    }

    private void agree(Function<Backend, Buffer> body, int ulps, String what) {
        agree(on(ref, body), on(backend, body), ulps, what);
    }

    // ---- memory ----

    @Test
    void uploadDownloadAllocateAndLiveBytesRoundTripEveryDtypeIncludingEmpty() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (int n : new int[] {0, 1, 7, 1000}) {
                double[] v = random(n, true);
                agree(array(dtype, v), on(backend, b -> b.upload(array(dtype, v))), 0, "upload " + dtype + " x" + n);
                agree(on(ref, b -> b.allocate(dtype, n)), on(backend, b -> b.allocate(dtype, n)), 0, "zeros " + dtype + " x" + n);
                long start = backend.liveBytes();
                try (MemoryScope scope = MemoryScope.open()) {
                    backend.allocate(dtype, n);
                    backend.upload(array(dtype, v));
                    assertEquals(start + 2L * n * dtype.byteSize(), backend.liveBytes(), "live bytes " + dtype + " x" + n);
                }
                assertEquals(start, backend.liveBytes(), "live bytes after the scope, " + dtype + " x" + n);
            }
        }
    }

    @Test
    void everyPrimitiveCallCountsOneLaunch() {
        long before = backend.counters().launches();
        try (MemoryScope scope = MemoryScope.open()) {
            Buffer x = backend.upload(array(DType.FLOAT32, random(10, false)));
            backend.unary(UnaryOp.EXP, 0, x, backend.allocate(DType.FLOAT32, 10));
            backend.fill(x, 2);
        }
        assertEquals(before + 2, backend.counters().launches());
    }

    // ---- elementwise ----

    @Test
    void fillAndEveryCastAgreeIncludingNanInfinityAndTruncation() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (double value : new double[] {0, -0.0, 2.7, -2.7, Double.NaN, Double.NEGATIVE_INFINITY, 1e30, 1e-45}) {
                agree(b -> {
                    Buffer out = b.allocate(dtype, 13);
                    b.fill(out, value);
                    return out;
                }, 0, "fill " + dtype + " with " + value);
            }
        }
        double[] v = random(300, true);
        for (int i = 100; i < 300; i++) {
            v[i] *= i < 200 ? 1e3 : 1e19; // fractions to truncate, and int64 saturation
        }
        v[120] = 9007199254740993.0; // above 2^53: int64 -> float rounds via double, as the reference does
        for (DType from : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (DType to : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
                for (int n : new int[] {0, v.length}) {
                    double[] w = Arrays.copyOf(v, n);
                    agree(b -> {
                        Buffer out = b.allocate(to, n);
                        b.cast(b.upload(array(from, w)), out);
                        return out;
                    }, 0, "cast " + from + " -> " + to + " x" + n);
                }
            }
        }
    }

    @Test
    void everyUnaryOpAgreesOnSpecialValues() {
        double[] v = random(500, true);
        for (int i = 250; i < 500; i++) {
            v[i] *= 40; // exp overflow, large logs
        }
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (UnaryOp op : UnaryOp.values()) {
                boolean libm = op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.POW_SCALAR;
                double[] scalars = op == UnaryOp.POW_SCALAR
                        ? new double[] {0.5, 2, -1, 3, 0, Double.NaN, Double.POSITIVE_INFINITY, 0.1}
                        : new double[] {0.1};
                for (double s : scalars) {
                    agree(b -> {
                        Buffer out = b.allocate(dtype, v.length);
                        b.unary(op, s, b.upload(array(dtype, v)), out);
                        return out;
                    }, libm ? 2 : 0, op + "(" + s + ") " + dtype);
                }
            }
        }
    }

    private static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Test
    void everyBinaryOpAgreesUnderBroadcastingWithNanAndSignedZeros() {
        int[][][] shapes = {
            {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {2, 3, 4, 5}}, {{4, 1}, {1, 6}}, {{3, 4}, {}}, {{}, {3, 1, 2}},
            {{1, 5}, {3, 5}}, {{7, 1, 3}, {5, 1}}, {{0, 4}, {1, 4}}, {{3, 0}, {3, 1}}, {{}, {}}};
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (int[][] s : shapes) {
                Broadcast bc = Broadcast.of(s[0], s[1]);
                double[] a = random((int) size(s[0]), true);
                double[] c = random((int) size(s[1]), true);
                if (dtype == DType.INT64) {
                    for (int i = 0; i < a.length; i++) {
                        a[i] = Math.rint(a[i] * 5);
                    }
                    for (int i = 0; i < c.length; i++) {
                        c[i] = Math.rint(c[i] * 5) + (c[i] == 0 ? 1 : 0);
                    }
                }
                for (BinaryOp op : BinaryOp.values()) {
                    agree(b -> {
                        Buffer out = b.allocate(dtype, bc.size());
                        b.binary(op, b.upload(array(dtype, a)), b.upload(array(dtype, c)), out, bc);
                        return out;
                    }, 0, op + " " + dtype + " " + Arrays.deepToString(s));
                }
            }
        }
        // max and min of +0 and -0, in both orders
        for (DType dtype : FLOATS) {
            double[] a = {0.0, -0.0, 0.0, -0.0, Double.NaN, 1};
            double[] c = {-0.0, 0.0, 0.0, -0.0, 1, Double.NaN};
            Broadcast bc = Broadcast.of(new int[] {6}, new int[] {6});
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAX, BinaryOp.MIN}) {
                agree(b -> {
                    Buffer out = b.allocate(dtype, 6);
                    b.binary(op, b.upload(array(dtype, a)), b.upload(array(dtype, c)), out, bc);
                    return out;
                }, 0, op + " of signed zeros " + dtype);
            }
        }
    }

    @Test
    void whereAgreesWithBroadcastConditionAndBranches() {
        int[][][] shapes = {{{2, 3, 4}, {2, 3, 4}, {2, 3, 4}}, {{3, 1}, {1, 4}, {}}, {{}, {5}, {2, 5}},
            {{4, 1, 2}, {3, 1}, {1}}, {{0, 3}, {3}, {}}};
        for (DType dtype : FLOATS) {
            for (int[][] s : shapes) {
                Broadcast bc = Broadcast.of(s[0], s[1], s[2]);
                double[] cond = random((int) size(s[0]), true);
                for (int i = 0; i < cond.length; i += 3) {
                    cond[i] = 0;
                }
                double[] a = random((int) size(s[1]), true);
                double[] c = random((int) size(s[2]), true);
                agree(b -> {
                    Buffer out = b.allocate(dtype, bc.size());
                    b.where(b.upload(array(dtype, cond)), b.upload(array(dtype, a)), b.upload(array(dtype, c)), out, bc);
                    return out;
                }, 0, "where " + dtype + " " + Arrays.deepToString(s));
            }
        }
    }

    // ---- reductions and movement ----

    @Test
    void sumAndMaxOverEveryAxisPatternAreBitIdenticalWithNanAndEmptyAxes() {
        int[][] shapes = {{3, 4, 1, 5, 6}, {2, 0, 3}, {7}, {}};
        for (DType dtype : FLOATS) {
            for (int[] shape : shapes) {
                double[] x = random((int) size(shape), false);
                if (x.length > 17) {
                    x[17] = Double.NaN; // MAX lets NaN win, SUM propagates it
                }
                for (int mask = 0; mask < 1 << shape.length; mask++) {
                    boolean[] reduced = new boolean[shape.length];
                    int outSize = 1;
                    for (int d = 0; d < shape.length; d++) {
                        reduced[d] = (mask >> d & 1) == 1;
                        outSize *= reduced[d] ? 1 : shape[d];
                    }
                    int outN = outSize;
                    for (ReduceOp op : ReduceOp.values()) {
                        agree(b -> {
                            Buffer out = b.allocate(dtype, outN);
                            b.reduce(op, b.upload(array(dtype, x)), shape, reduced, out);
                            return out;
                        }, 0, op + " " + dtype + " " + Arrays.toString(shape) + " over " + Arrays.toString(reduced));
                    }
                }
            }
        }
        // a batch-norm sized sum: long runs in float32
        int[] bn = {16, 8, 32, 32};
        double[] big = random((int) size(bn), false);
        agree(b -> {
            Buffer out = b.allocate(DType.FLOAT32, 8);
            b.reduce(ReduceOp.SUM, b.upload(array(DType.FLOAT32, big)), bn, new boolean[] {true, false, true, true}, out);
            return out;
        }, 0, "batch-norm sum");
    }

    @Test
    void stridedCopiesOfTransposesSlicesAndBroadcastsAgreeAtOffsets() {
        double[] x = random(2 * 3 * 4 * 5, true);
        record View(long offset, int[] shape, long[] strides, long outOffset) {
        }
        List<View> views = new ArrayList<>();
        views.add(new View(0, new int[] {5, 4, 3, 2}, new long[] {1, 5, 20, 60}, 0)); // full transpose
        views.add(new View(7, new int[] {2, 2, 3}, new long[] {60, 5, 1}, 3)); // a slice, stored at an offset
        views.add(new View(11, new int[] {4, 3}, new long[] {0, 1}, 0)); // a broadcast row
        views.add(new View(42, new int[] {}, new long[] {}, 5)); // one element
        views.add(new View(0, new int[] {3, 0, 2}, new long[] {1, 1, 1}, 0)); // empty
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            for (View v : views) {
                agree(b -> {
                    Buffer out = b.allocate(dtype, size(v.shape) + v.outOffset + 2);
                    b.fill(out, -7);
                    b.copyStrided(b.upload(array(dtype, x)), v.offset, v.shape, v.strides, out, v.outOffset);
                    return out;
                }, 0, "copy " + dtype + " " + Arrays.toString(v.shape) + " strides " + Arrays.toString(v.strides));
            }
        }
    }

    @Test
    void matmulWithEveryTransposeFlagOddSizesAndEmptyDimensionsAgrees() {
        int[][] sizes = {{2, 7, 5, 6}, {1, 1, 1, 1}, {3, 17, 13, 33}, {2, 4, 3, 0}, {0, 4, 3, 2}, {1, 0, 5, 3}};
        for (DType dtype : FLOATS) {
            for (int[] s : sizes) {
                int batch = s[0];
                int m = s[1];
                int n = s[2];
                int k = s[3];
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        double[] a = random(batch * m * k, true);
                        double[] c = random(batch * k * n, false);
                        agree(b -> {
                            Buffer out = b.allocate(dtype, (long) batch * m * n);
                            b.matmul(b.upload(array(dtype, a)), b.upload(array(dtype, c)), out, batch, m, n, k, ta, tb);
                            return out;
                        }, 0, "matmul " + dtype + " " + Arrays.toString(s) + " ta=" + ta + " tb=" + tb);
                    }
                }
            }
        }
    }

    // ---- convolution ----

    private static List<Geometry.Conv2d> convolutions() {
        return List.of(Geometry.Conv2d.of(3, 4, 8, 8, 5, 3, 3, 1, 1), Geometry.Conv2d.of(2, 4, 8, 8, 6, 1, 1, 1, 0),
                Geometry.Conv2d.of(3, 4, 9, 7, 8, 3, 3, 2, 1), Geometry.Conv2d.of(1, 3, 6, 6, 4, 3, 3, 1, 0),
                Geometry.Conv2d.of(2, 2, 7, 9, 3, 2, 3, 3, 2), Geometry.Conv2d.of(2, 3, 5, 5, 2, 5, 5, 1, 2),
                Geometry.Conv2d.of(0, 3, 4, 4, 2, 3, 3, 1, 1), Geometry.Conv2d.of(2, 0, 4, 4, 2, 3, 3, 1, 1));
    }

    @Test
    void convolutionForwardAndBothAdjointsAreBitIdenticalOnOddGeometries() {
        for (DType dtype : FLOATS) {
            for (Geometry.Conv2d g : convolutions()) {
                double[] x = random(g.n() * g.cin() * g.h() * g.w(), true);
                double[] w = random(g.cout() * g.cin() * g.kh() * g.kw(), false);
                double[] gy = random(g.n() * g.cout() * g.hOut() * g.wOut(), false);
                agree(b -> {
                    Buffer out = b.allocate(dtype, gy.length);
                    b.conv2d(b.upload(array(dtype, x)), b.upload(array(dtype, w)), out, g);
                    return out;
                }, 0, "conv2d " + dtype + " " + g);
                agree(b -> {
                    Buffer gx = b.allocate(dtype, x.length);
                    b.conv2dInputGrad(b.upload(array(dtype, gy)), b.upload(array(dtype, w)), gx, g);
                    return gx;
                }, 0, "conv2d input grad " + dtype + " " + g);
                agree(b -> {
                    Buffer gw = b.allocate(dtype, w.length);
                    b.conv2dWeightGrad(b.upload(array(dtype, x)), b.upload(array(dtype, gy)), gw, g);
                    return gw;
                }, 0, "conv2d weight grad " + dtype + " " + g);
            }
        }
    }

    @Test
    void perSampleWeightGradientsArriveInOrderAndAreBitIdentical() {
        for (DType dtype : FLOATS) {
            for (Geometry.Conv2d g : convolutions()) {
                double[] x = random(g.n() * g.cin() * g.h() * g.w(), true);
                double[] gy = random(g.n() * g.cout() * g.hOut() * g.wOut(), false);
                List<double[]> expected = perSample(ref, dtype, g, x, gy);
                List<double[]> actual = perSample(backend, dtype, g, x, gy);
                assertEquals(expected.size(), actual.size(), "samples of " + g);
                for (int i = 0; i < expected.size(); i++) {
                    agree(new NdArray(DType.FLOAT64, new int[] {expected.get(i).length}, expected.get(i)),
                            new NdArray(DType.FLOAT64, new int[] {actual.get(i).length}, actual.get(i)), 0,
                            "per-sample " + dtype + " sample " + i + " of " + g);
                }
            }
        }
    }

    private static List<double[]> perSample(Backend b, DType dtype, Geometry.Conv2d g, double[] x, double[] gy) {
        List<double[]> out = new ArrayList<>();
        try (MemoryScope scope = MemoryScope.open()) {
            b.conv2dWeightGradPerSample(b.upload(array(dtype, x)), b.upload(array(dtype, gy)), g, (i, grad) -> {
                assertEquals(out.size(), i, "samples arrive in order");
                out.add(grad.clone());
            });
        }
        return out;
    }

    // ---- pooling ----

    private static List<Geometry.Pool2d> pools() {
        return List.of(Geometry.Pool2d.of(8, 32, 32, 3, 1, 1), Geometry.Pool2d.of(6, 9, 7, 3, 2, 1),
                Geometry.Pool2d.of(5, 8, 8, 2, 2, 0), Geometry.Pool2d.of(4, 5, 5, 3, 1, 0), Geometry.Pool2d.of(3, 7, 6, 4, 3, 2),
                Geometry.Pool2d.of(0, 4, 4, 2, 2, 0));
    }

    @Test
    void averagePoolingAndItsAdjointAreBitIdenticalWithAndWithoutPaddedCounts() {
        for (DType dtype : FLOATS) {
            for (Geometry.Pool2d g : pools()) {
                for (boolean includePad : new boolean[] {false, true}) {
                    double[] x = random(g.planes() * g.h() * g.w(), true);
                    double[] gy = random(g.planes() * g.hOut() * g.wOut(), true);
                    agree(b -> {
                        Buffer out = b.allocate(dtype, gy.length);
                        b.avgPool2d(b.upload(array(dtype, x)), out, g, includePad);
                        return out;
                    }, 0, "avg pool " + dtype + " " + g + " includePad=" + includePad);
                    agree(b -> {
                        Buffer gx = b.allocate(dtype, x.length);
                        b.avgPool2dAdjoint(b.upload(array(dtype, gy)), gx, g, includePad);
                        return gx;
                    }, 0, "avg pool adjoint " + dtype + " " + g + " includePad=" + includePad);
                }
            }
        }
    }

    @Test
    void maxPoolIndicesGatherAndScatterAgreeWithTiesAndNan() {
        for (DType dtype : FLOATS) {
            for (Geometry.Pool2d g : pools()) {
                double[] x = random(g.planes() * g.h() * g.w(), true);
                for (int i = 3; i < x.length; i += 11) {
                    x[i] = 0.25; // ties: the first one wins
                    x[i - 1] = 0.25;
                }
                int outN = g.planes() * g.hOut() * g.wOut();
                double[] gy = random(outN, true);
                agree(b -> {
                    Buffer idx = b.allocate(DType.INT64, outN);
                    b.maxPool2dIndices(b.upload(array(dtype, x)), idx, g);
                    return idx;
                }, 0, "max pool indices " + dtype + " " + g);
                agree(b -> {
                    Buffer idx = b.allocate(DType.INT64, outN);
                    Buffer xb = b.upload(array(dtype, x));
                    b.maxPool2dIndices(xb, idx, g);
                    Buffer out = b.allocate(dtype, outN);
                    b.gather2d(xb, idx, out, g);
                    return out;
                }, 0, "gather2d " + dtype + " " + g);
                agree(b -> {
                    Buffer idx = b.allocate(DType.INT64, outN);
                    b.maxPool2dIndices(b.upload(array(dtype, x)), idx, g);
                    Buffer gx = b.allocate(dtype, x.length);
                    b.scatter2d(b.upload(array(dtype, gy)), idx, gx, g);
                    return gx;
                }, 0, "scatter2d " + dtype + " " + g);
            }
        }
    }

    // ---- the default fused kernels, which decompose into the primitives ----

    @Test
    void defaultBatchNormAndReluGradKernelsAreBitIdentical() {
        int n = 5;
        int c = 6;
        int plane = 7 * 5;
        for (DType dtype : FLOATS) {
            double[] x = random(n * c * plane, true);
            double[] gy = random(n * c * plane, false);
            double[][] ch = {random(c, false), random(c, false), random(c, false), random(c, false), random(c, false)};
            agree(b -> {
                Buffer out = b.allocate(dtype, c);
                b.channelCentredDot(b.upload(array(dtype, x)), b.upload(array(dtype, ch[0])), null, out, n, c, plane);
                return out;
            }, 0, "centred sum of squares " + dtype);
            agree(b -> {
                Buffer out = b.allocate(dtype, c);
                b.channelCentredDot(b.upload(array(dtype, x)), b.upload(array(dtype, ch[0])), b.upload(array(dtype, gy)),
                        out, n, c, plane);
                return out;
            }, 0, "centred dot " + dtype);
            agree(b -> {
                Buffer out = b.allocate(dtype, x.length);
                b.channelNormalize(b.upload(array(dtype, x)), b.upload(array(dtype, ch[0])), b.upload(array(dtype, ch[1])),
                        b.upload(array(dtype, ch[2])), out, n, c, plane);
                return out;
            }, 0, "normalize " + dtype);
            agree(b -> {
                Buffer out = b.allocate(dtype, x.length);
                b.channelNormalizeGrad(b.upload(array(dtype, x)), b.upload(array(dtype, ch[0])), b.upload(array(dtype, gy)),
                        b.upload(array(dtype, ch[3])), b.upload(array(dtype, ch[4])), b.upload(array(dtype, ch[1])),
                        out, n, c, plane);
                return out;
            }, 0, "normalize grad " + dtype);
            agree(b -> {
                Buffer out = b.allocate(dtype, x.length);
                b.reluGrad(b.upload(array(dtype, x)), b.upload(array(dtype, gy)), out);
                return out;
            }, 0, "relu grad " + dtype);
        }
    }
}
