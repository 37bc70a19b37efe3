package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.random.TorchGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast CPU kernels against the scalar reference, primitive by primitive, float32. */
class CpuBackendAgreementTest {
    private final Backend fast = new CpuBackend();
    private final Backend ref = new CpuReferenceBackend();
    private final TorchGenerator gen = TorchGenerator.manualSeed(7);

    private float[] random(int n) {
        float[] v = new float[n];
        gen.randInRange(v, -1, 1);
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (err > tol * Math.max(scale, 1e-30)) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    /** Skips the test, saying so, where the kernel under test needs 16 float lanes and this JVM has fewer. */
    private static void skipWithout16Lanes(boolean applies, String what) {
        if (!applies) {
            System.out.println("SKIPPED " + what + ": needs 16 float lanes (AVX-512), this JVM has "
                    + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length());
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no 16-lane vectors");
        }
    }

    /** Random {x, w, gy} of a 3x3 same convolution. */
    private float[][] inputs(Geometry.Conv2d g) {
        return new float[][] {random(g.n() * g.cin() * g.h() * g.w()), random(g.cout() * g.cin() * 9),
            random(g.n() * g.cout() * g.h() * g.w())};
    }

    /** max |expected - actual| over max |expected|. */
    private static double relative(float[] expected, float[] actual) {
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        return err / Math.max(scale, 1e-30);
    }

    private static float[] get(Backend b, Buffer buf) {
        return (float[]) b.download(buf, new int[] {(int) buf.size()}).data();
    }

    private static Buffer put(Backend b, float[] v) {
        return b.upload(new NdArray(DType.FLOAT32, new int[] {v.length}, v));
    }

    @Test
    void convolutionForwardAndBothAdjointsMatchTheReferenceForNb201Geometries() {
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(3, 4, 8, 8, 5, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(2, 4, 8, 8, 6, 1, 1, 1, 0));
        cases.add(Geometry.Conv2d.of(3, 4, 9, 7, 8, 3, 3, 2, 1));
        cases.add(Geometry.Conv2d.of(1, 3, 6, 6, 4, 3, 3, 1, 0));
        // bound 2e-6 x max|reference|, as for Winograd below (measured worst 3.2e-7)
        for (Geometry.Conv2d g : cases) {
            float[] x = random(g.n() * g.cin() * g.h() * g.w());
            float[] w = random(g.cout() * g.cin() * g.kh() * g.kw());
            float[] gy = random(g.n() * g.cout() * g.hOut() * g.wOut());
            float[][] expected = convolve(ref, g, x, w, gy);
            float[][] actual = convolve(fast, g, x, w, gy);
            assertClose(expected[0], actual[0], 2e-6, "conv2d " + g);
            assertClose(expected[1], actual[1], 2e-6, "conv2d input grad " + g);
            assertClose(expected[2], actual[2], 2e-6, "conv2d weight grad " + g);
        }
    }

    /**
     * The Winograd 3x3 path on every plane width it tiles (8, 16, 32; a 16 x 8 plane), with
     * channel counts off the GEMM's 4 x 4 tile, a batch that leaves the last forward chunk and
     * weight-gradient block partial, and NB-201's channel counts. Bound 2e-6 x max|reference|
     * (measured worst 3.3e-7).
     * Called directly: the backend takes it only as {@link WinogradSetting} enables it.
     */
    @Test
    void winogradConvolutionsMatchTheReference() {
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(5, 3, 8, 8, 5, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(3, 6, 16, 16, 7, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(3, 4, 32, 32, 4, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(2, 5, 16, 8, 6, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(9, 64, 8, 8, 64, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(9, 32, 16, 16, 32, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(3, 16, 32, 32, 16, 3, 3, 1, 1));
        skipWithout16Lanes(cases.stream().allMatch(Winograd::applies), "winograd agreement");
        for (Geometry.Conv2d g : cases) {
            float[][] in = inputs(g);
            float[] x = in[0];
            float[] w = in[1];
            float[] gy = in[2];
            float[][] expected = convolve(ref, g, x, w, gy);
            float[] y = new float[gy.length];
            Winograd.forward(x, w, y, g);
            float[] dx = new float[x.length];
            Winograd.inputGrad(gy, w, dx, g);
            float[] dw = new float[w.length];
            Winograd.weightGrad(x, gy, dw, g);
            assertClose(expected[0], y, 2e-6, "winograd conv2d " + g);
            assertClose(expected[1], dx, 2e-6, "winograd input grad " + g);
            assertClose(expected[2], dw, 2e-6, "winograd weight grad " + g);
        }
    }

    /**
     * The row form ({@link RowWinograd}): plane widths of one, two and three vectors, heights down
     * to 2 (one row pair, both neighbours outside), a non-square plane, channel counts off the
     * register tile, and NB-201's. Bound 2e-6 x max|reference|, as for the other paths (measured
     * worst printed). Called directly: the backend takes it only as {@link WinogradSetting} enables it.
     */
    @Test
    void rowWinogradConvolutionsMatchTheReference() {
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(3, 6, 16, 16, 7, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(2, 4, 32, 32, 4, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(2, 5, 2, 16, 3, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(1, 3, 6, 48, 9, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(2, 8, 16, 32, 5, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(9, 32, 16, 16, 32, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(3, 16, 32, 32, 16, 3, 3, 1, 1));
        skipWithout16Lanes(cases.stream().allMatch(RowWinograd::applies), "row winograd agreement");
        double worst = 0;
        for (Geometry.Conv2d g : cases) {
            float[][] in = inputs(g);
            float[] x = in[0];
            float[] w = in[1];
            float[] gy = in[2];
            float[][] expected = convolve(ref, g, x, w, gy);
            float[] y = new float[gy.length];
            RowWinograd.forward(x, w, y, g);
            float[] dx = new float[x.length];
            RowWinograd.inputGrad(gy, w, dx, g);
            assertClose(expected[0], y, 2e-6, "row winograd conv2d " + g);
            assertClose(expected[1], dx, 2e-6, "row winograd input grad " + g);
            worst = Math.max(worst, Math.max(relative(expected[0], y), relative(expected[1], dx)));
        }
        System.out.printf("row winograd agreement: worst %.2e of max|reference|%n", worst);
        assertFalse(RowWinograd.applies(Geometry.Conv2d.of(1, 4, 8, 8, 4, 3, 3, 1, 1)), "8 wide: not a vector multiple");
        assertFalse(RowWinograd.applies(Geometry.Conv2d.of(1, 4, 15, 16, 4, 3, 3, 1, 1)), "odd height");
        assertFalse(RowWinograd.applies(Geometry.Conv2d.of(1, 4, 16, 16, 4, 3, 3, 2, 1)), "stride 2");
    }

    /**
     * The backend's forward and input gradient take the row form below the setting's ceiling (bit
     * for bit {@link RowWinograd}'s), the direct kernels with the row form off, and the weight
     * gradient is not affected.
     */
    @Test
    void rowWinogradSettingRoutesForwardAndInputGradient() {
        Geometry.Conv2d g = Geometry.Conv2d.of(3, 16, 16, 16, 16, 3, 3, 1, 1);
        skipWithout16Lanes(RowWinograd.applies(g), "row winograd routing");
        float[][] in = inputs(g);
        float[] x = in[0];
        float[] w = in[1];
        float[] gy = in[2];
        float[] y = new float[gy.length];
        RowWinograd.forward(x, w, y, g);
        float[] dx = new float[x.length];
        RowWinograd.inputGrad(gy, w, dx, g);
        WinogradSetting before = WinogradSetting.current();
        try {
            WinogradSetting.set(WinogradSetting.on(32, "fw,ig,wg"));
            float[][] rows = convolve(fast, g, x, w, gy);
            assertArrayEquals(y, rows[0], "forward below the ceiling takes the row form");
            assertArrayEquals(dx, rows[1], "input gradient below the ceiling takes the row form");
            WinogradSetting.set(WinogradSetting.on(32, "fw,ig,wg").withRowsBelow(16));
            float[][] direct = convolve(fast, g, x, w, gy);
            assertFalse(java.util.Arrays.equals(y, direct[0]), "16 channels at a ceiling of 16: the direct forward");
            assertArrayEquals(rows[2], direct[2], "the weight gradient does not take the row form");
            WinogradSetting.set(WinogradSetting.off());
            float[][] off = convolve(fast, g, x, w, gy);
            assertArrayEquals(direct[0], off[0], "the direct forward");
            assertArrayEquals(direct[1], off[1], "the direct input gradient");
        } finally {
            WinogradSetting.set(before);
        }
    }

    /**
     * {@link WinogradSetting} routes each direction on its own: with only the input gradient
     * enabled, the backend's input gradient is Winograd's bit for bit and its forward and weight
     * gradient are the direct kernels' bit for bit; below the channel floor nothing changes.
     */
    @Test
    void winogradSettingRoutesEachDirection() {
        Geometry.Conv2d g = Geometry.Conv2d.of(4, 16, 8, 8, 16, 3, 3, 1, 1);
        skipWithout16Lanes(Winograd.applies(g), "winograd routing");
        float[][] in = inputs(g);
        float[] x = in[0];
        float[] w = in[1];
        float[] gy = in[2];
        WinogradSetting before = WinogradSetting.current();
        try {
            WinogradSetting.set(WinogradSetting.off());
            float[][] direct = convolve(fast, g, x, w, gy);
            float[] wino = new float[x.length];
            Winograd.inputGrad(gy, w, wino, g);
            WinogradSetting.set(WinogradSetting.on(16, "ig"));
            float[][] mixed = convolve(fast, g, x, w, gy);
            assertArrayEquals(direct[0], mixed[0], "forward stays direct");
            assertArrayEquals(wino, mixed[1], "input gradient takes Winograd");
            assertArrayEquals(direct[2], mixed[2], "weight gradient stays direct");
            assertFalse(java.util.Arrays.equals(direct[1], wino), "the two input gradients differ in rounding");
            WinogradSetting.set(WinogradSetting.on(17, "fw,ig,wg"));
            float[][] below = convolve(fast, g, x, w, gy);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(direct[i], below[i], "16 channels under a floor of 17: direct");
            }
        } finally {
            WinogradSetting.set(before);
        }
    }

    /** {conv2d output, input gradient, weight gradient} of g on backend b. */
    private static float[][] convolve(Backend b, Geometry.Conv2d g, float[] x, float[] w, float[] gy) {
        Buffer out = b.allocate(DType.FLOAT32, gy.length);
        b.conv2d(put(b, x), put(b, w), out, g);
        Buffer gx = b.allocate(DType.FLOAT32, x.length);
        b.conv2dInputGrad(put(b, gy), put(b, w), gx, g);
        Buffer gw = b.allocate(DType.FLOAT32, w.length);
        b.conv2dWeightGrad(put(b, x), put(b, gy), gw, g);
        return new float[][] {get(b, out), get(b, gx), get(b, gw)};
    }

    @Test
    void perSampleWeightGradientsSumToTheBatchGradient() {
        Geometry.Conv2d g = Geometry.Conv2d.of(5, 3, 6, 6, 4, 3, 3, 1, 1);
        float[] x = random(g.n() * g.cin() * g.h() * g.w());
        float[] gy = random(g.n() * g.cout() * g.hOut() * g.wOut());
        for (Backend b : new Backend[] {ref, fast}) {
            double[] sum = new double[g.cout() * g.cin() * 9];
            int[] seen = new int[1];
            b.conv2dWeightGradPerSample(put(b, x), put(b, gy), g, (i, grad) -> {
                assertEquals(seen[0]++, i, "samples arrive in order");
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += grad[k];
                }
            });
            Buffer gw = b.allocate(DType.FLOAT32, sum.length);
            b.conv2dWeightGrad(put(b, x), put(b, gy), gw, g);
            float[] batch = get(b, gw);
            float[] summed = new float[sum.length];
            for (int k = 0; k < sum.length; k++) {
                summed[k] = (float) sum[k];
            }
            assertEquals(g.n(), seen[0]);
            assertClose(batch, summed, 1e-5, b.name() + " per-sample sum");
        }
    }

    @Test
    void matmulWithEveryTransposeFlagMatchesTheReference() {
        int m = 7;
        int n = 5;
        int k = 6;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = random(2 * m * k);
                float[] b = random(2 * k * n);
                float[][] r = new float[2][];
                Backend[] bs = {ref, fast};
                for (int i = 0; i < 2; i++) {
                    Buffer out = bs[i].allocate(DType.FLOAT32, 2 * m * n);
                    bs[i].matmul(put(bs[i], a), put(bs[i], b), out, 2, m, n, k, ta, tb);
                    r[i] = get(bs[i], out);
                }
                assertClose(r[0], r[1], 1e-6, "matmul ta=" + ta + " tb=" + tb);
            }
        }
    }

    @Test
    void broadcastingArithmeticAndUnaryOpsMatchTheReference() {
        int[][][] shapes = {
            {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {2, 3, 4, 5}}, {{4, 1}, {1, 6}}, {{3, 4}, {}}, {{1, 5}, {3, 5}},
            // axes that coalesce in different ways (Broadcast.coalesced), and planes long enough for parallel rows
            {{2, 3, 4, 5}, {3, 1, 5}}, {{2, 1, 4, 5}, {2, 3, 1, 1}}, {{2, 3, 4, 5}, {1, 1, 1, 1}}, {{6, 1, 1}, {6, 4, 5}},
            {{1, 1, 7}, {3, 1, 1}}, {{1}, {1}}, {{64, 16, 32, 32}, {1, 16, 1, 1}}, {{1, 16, 1, 1}, {64, 16, 32, 32}}};
        for (int[][] s : shapes) {
            Broadcast bc = Broadcast.of(s[0], s[1]);
            float[] a = random((int) dev.zerocost.engine.Shapes.size(s[0]));
            float[] b = random((int) dev.zerocost.engine.Shapes.size(s[1]));
            for (BinaryOp op : BinaryOp.values()) {
                float[][] r = new float[2][];
                Backend[] bs = {ref, fast};
                for (int i = 0; i < 2; i++) {
                    Buffer out = bs[i].allocate(DType.FLOAT32, bc.size());
                    bs[i].binary(op, put(bs[i], a), put(bs[i], b), out, bc);
                    r[i] = get(bs[i], out);
                }
                assertClose(r[0], r[1], 0, op + " " + java.util.Arrays.deepToString(s));
            }
        }
        float[] x = random(1000);
        for (UnaryOp op : UnaryOp.values()) {
            float[][] r = new float[2][];
            Backend[] bs = {ref, fast};
            for (int i = 0; i < 2; i++) {
                Buffer out = bs[i].allocate(DType.FLOAT32, x.length);
                bs[i].unary(op, 0.5, put(bs[i], x), out);
                r[i] = get(bs[i], out);
            }
            for (int j = 0; j < x.length; j++) {
                float e = r[0][j];
                float g = r[1][j];
                if (!(Float.isNaN(e) && Float.isNaN(g)) && e != g) {
                    throw new AssertionError(op + " at " + x[j] + ": reference " + e + " fast " + g);
                }
            }
        }
    }

    @Test
    void aSmallConvNetGivesTheSameLossOnBothBackends() {
        double[] losses = new double[2];
        Backend[] bs = {ref, fast};
        for (int i = 0; i < 2; i++) {
            Backend previous = dev.zerocost.engine.Backends.use(bs[i]);
            try {
                TorchGenerator g = TorchGenerator.manualSeed(3);
                float[] xv = new float[4 * 3 * 8 * 8];
                g.randInRange(xv, -1, 1);
                float[] wv = new float[6 * 3 * 9];
                g.randInRange(wv, -1, 1);
                Tensor x = Tensor.of(xv, 4, 3, 8, 8);
                Tensor w = Tensor.of(wv, 6, 3, 3, 3).requiresGrad(true);
                Tensor y = dev.zerocost.engine.Functional.conv2d(x, w, null, 1, 1).relu().mean(false, 2, 3);
                Tensor loss = dev.zerocost.engine.Functional.crossEntropy(y, Tensor.ofLongs(new long[] {0, 1, 2, 3}, 4));
                losses[i] = loss.item();
            } finally {
                dev.zerocost.engine.Backends.use(previous);
            }
        }
        assertEquals(losses[0], losses[1], 1e-6 * Math.abs(losses[0]));
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])
                    && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                throw new AssertionError(what + ": element " + i + " reference " + expected[i] + " fast " + actual[i]);
            }
        }
    }

    @Test
    void reductionsOverEveryAxisPatternAreBitIdenticalToTheReference() {
        int[] shape = {3, 4, 1, 5, 6};
        float[] x = random(3 * 4 * 5 * 6);
        x[17] = Float.NaN; // MAX lets NaN win, SUM propagates it
        for (int mask = 1; mask < 32; mask++) {
            boolean[] reduced = new boolean[shape.length];
            int outSize = 1;
            for (int d = 0; d < shape.length; d++) {
                reduced[d] = (mask >> d & 1) == 1;
                outSize *= reduced[d] ? 1 : shape[d];
            }
            for (ReduceOp op : ReduceOp.values()) {
                float[][] r = new float[2][];
                Backend[] bs = {ref, fast};
                for (int i = 0; i < 2; i++) {
                    Buffer out = bs[i].allocate(DType.FLOAT32, outSize);
                    bs[i].reduce(op, put(bs[i], x), shape, reduced, out);
                    r[i] = get(bs[i], out);
                }
                assertBitIdentical(r[0], r[1], op + " over " + java.util.Arrays.toString(reduced));
            }
        }
        // a batch-norm sized case, large enough to run on several threads
        int[] bn = {16, 8, 32, 32};
        float[] big = random(16 * 8 * 32 * 32);
        boolean[] nhw = {true, false, true, true};
        float[][] r = new float[2][];
        Backend[] bs = {ref, fast};
        for (int i = 0; i < 2; i++) {
            Buffer out = bs[i].allocate(DType.FLOAT32, 8);
            bs[i].reduce(ReduceOp.SUM, put(bs[i], big), bn, nhw, out);
            r[i] = get(bs[i], out);
        }
        assertBitIdentical(r[0], r[1], "batch-norm sum");
    }

    @Test
    void stridedCopiesAreBitIdenticalToTheReference() {
        float[] x = random(4 * 6 * 5 * 3 + 11);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i] * (1 + 1e-9);
        }
        // contiguous, expand (stride-0 axes, innermost and outer), a permutation, a strided slice,
        // a scalar view, a 1-D run
        Object[][] cases = {
            {new int[] {4, 6, 5}, new long[] {30, 5, 1}, 3L},
            {new int[] {4, 6, 5, 3}, new long[] {0, 5, 0, 1}, 0L},
            {new int[] {2, 6, 7}, new long[] {1, 0, 0}, 5L},
            {new int[] {5, 4, 6}, new long[] {1, 30, 5}, 0L},
            {new int[] {3, 2, 4}, new long[] {30, 10, 2}, 1L},
            {new int[] {}, new long[] {}, 9L},
            {new int[] {13}, new long[] {1}, 2L}};
        for (Object[] c : cases) {
            int[] shape = (int[]) c[0];
            long[] strides = (long[]) c[1];
            long offset = (long) c[2];
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[][] r = new float[2][];
            double[][] rd = new double[2][];
            Backend[] bs = {ref, fast};
            for (int i = 0; i < 2; i++) {
                Buffer out = bs[i].allocate(DType.FLOAT32, n + 4);
                bs[i].copyStrided(put(bs[i], x), offset, shape, strides, out, 4);
                r[i] = get(bs[i], out);
                Buffer outd = bs[i].allocate(DType.FLOAT64, n + 4);
                bs[i].copyStrided(bs[i].upload(new NdArray(DType.FLOAT64, new int[] {xd.length}, xd)),
                        offset, shape, strides, outd, 4);
                rd[i] = (double[]) bs[i].download(outd, new int[] {n + 4}).data();
            }
            String what = "copyStrided " + java.util.Arrays.toString(shape) + " strides " + java.util.Arrays.toString(strides);
            assertBitIdentical(r[0], r[1], what);
            assertArrayEquals(rd[0], rd[1], 0.0, what + " float64");
        }
    }

    @Test
    void whereWithFullAndSingleElementOperandsIsBitIdenticalToTheReference() {
        int n = 70000;
        float[] cond = random(n);
        for (int i = 0; i < n; i += 3) {
            cond[i] = 0f;
        }
        cond[7] = -0f;     // zero: takes b
        cond[8] = Float.NaN;  // not zero: takes a
        float[] a = random(n);
        float[] b = random(n);
        float[] one = {0.25f};
        float[][][] cases = {{cond, a, one}, {cond, one, b}, {cond, a, b}, {one, a, b}};
        for (float[][] c : cases) {
            Broadcast bc = Broadcast.of(new int[] {c[0].length}, new int[] {c[1].length}, new int[] {c[2].length});
            float[][] r = new float[2][];
            Backend[] bs = {ref, fast};
            for (int i = 0; i < 2; i++) {
                Buffer out = bs[i].allocate(DType.FLOAT32, n);
                bs[i].where(put(bs[i], c[0]), put(bs[i], c[1]), put(bs[i], c[2]), out, bc);
                r[i] = get(bs[i], out);
            }
            assertBitIdentical(r[0], r[1], "where sizes " + c[0].length + "," + c[1].length + "," + c[2].length);
        }
    }

    @Test
    void averagePoolingAndItsAdjointAreBitIdenticalToTheReference() {
        Geometry.Pool2d[] cases = {
            Geometry.Pool2d.of(64, 32, 32, 3, 1, 1), Geometry.Pool2d.of(6, 9, 7, 3, 2, 1),
            Geometry.Pool2d.of(5, 8, 8, 2, 2, 0), Geometry.Pool2d.of(4, 5, 5, 3, 1, 0),
            // stride 1 takes the vector window sums: ImageNet16-120 planes, odd widths (vector
            // part plus scalar tail), a wider kernel, a window with no right-hand padding
            Geometry.Pool2d.of(16, 16, 16, 3, 1, 1), Geometry.Pool2d.of(8, 4, 4, 3, 1, 1), Geometry.Pool2d.of(24, 8, 8, 3, 1, 1),
            Geometry.Pool2d.of(3, 9, 13, 3, 1, 1), Geometry.Pool2d.of(2, 11, 12, 5, 1, 2),
            Geometry.Pool2d.of(3, 6, 7, 2, 1, 1)};
        for (Geometry.Pool2d g : cases) {
            for (boolean includePad : new boolean[] {false, true}) {
                float[] x = withSignedZeros(random(g.planes() * g.h() * g.w()));
                float[] gy = withSignedZeros(random(g.planes() * g.hOut() * g.wOut()));
                float[][] fwd = new float[2][];
                float[][] adj = new float[2][];
                Backend[] bs = {ref, fast};
                for (int i = 0; i < 2; i++) {
                    Buffer out = bs[i].allocate(DType.FLOAT32, gy.length);
                    bs[i].avgPool2d(put(bs[i], x), out, g, includePad);
                    fwd[i] = get(bs[i], out);
                    Buffer gx = bs[i].allocate(DType.FLOAT32, x.length);
                    bs[i].avgPool2dAdjoint(put(bs[i], gy), gx, g, includePad);
                    adj[i] = get(bs[i], gx);
                }
                assertBitIdentical(fwd[0], fwd[1], "avg pool " + g + " includePad=" + includePad);
                assertBitIdentical(adj[0], adj[1], "avg pool adjoint " + g + " includePad=" + includePad);
            }
        }
    }

    /** Every 5th element +0.0 and every 7th -0.0, so that sums meet signed zeros and exact cancellation. */
    private static float[] withSignedZeros(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (i % 7 == 3) {
                v[i] = -0.0f;
            } else if (i % 5 == 1) {
                v[i] = 0.0f;
            }
        }
        return v;
    }

    @Test
    void fusedBatchNormKernelsAgreeWithTheirDecomposition() {
        // 6 channels: one-channel loops; 19: groups of four per thread plus leftovers; planes of
        // 35 (vector lanes plus a scalar tail), 64 and 1024 (NB-201's 8x8 and 32x32); batches of
        // 19 and 17 on 16x16 and 32x32 planes: the sums' memory-order walk in sample blocks, the
        // last one partial
        for (int[] shape : new int[][] {{8, 6, 35}, {8, 19, 35}, {5, 16, 64}, {4, 3, 1024}, {19, 5, 256}, {17, 3, 1024}}) {
            fusedBatchNormKernelsAgree(shape[0], shape[1], shape[2]);
        }
    }

    /**
     * The elementwise kernels are bit-identical to the decomposition. The per-channel sums add the
     * same float terms in double but in lanes, so their double sums may differ by reassociation:
     * by at most 2 * terms * 2^-53 * sum|term| (each order is within terms * 2^-53 * sum|term|
     * of the exact sum), plus one float ulp from the final rounding.
     */
    private void fusedBatchNormKernelsAgree(int n, int c, int plane) {
        float[] x = random(n * c * plane);
        float[] gy = random(n * c * plane);
        float[][] channel = {random(c), random(c), random(c), random(c), random(c)};
        Backend[] bs = {ref, fast};
        float[][][] r = new float[2][6][];
        for (int i = 0; i < 2; i++) {
            Backend b = bs[i];
            Buffer xb = put(b, x);
            Buffer mean = put(b, channel[0]);
            Buffer out = b.allocate(DType.FLOAT32, c);
            b.channelCentredDot(xb, mean, null, out, n, c, plane);
            r[i][0] = get(b, out);
            b.channelCentredDot(xb, mean, put(b, gy), out, n, c, plane);
            r[i][1] = get(b, out);
            b.channelSum(put(b, gy), out, n, c, plane);
            r[i][5] = get(b, out);
            Buffer fusedSum = b.allocate(DType.FLOAT32, c);
            Buffer fusedDot = b.allocate(DType.FLOAT32, c);
            b.channelSumAndCentredDot(xb, mean, put(b, gy), fusedSum, fusedDot, n, c, plane);
            assertBitIdentical(r[i][5], get(b, fusedSum), "fused backward sum " + n + "x" + c + "x" + plane);
            assertBitIdentical(r[i][1], get(b, fusedDot), "fused backward centred dot " + n + "x" + c + "x" + plane);
            Buffer y = b.allocate(DType.FLOAT32, x.length);
            b.channelNormalize(xb, mean, put(b, channel[1]), put(b, channel[2]), y, n, c, plane);
            r[i][2] = get(b, y);
            b.channelNormalize(xb, mean, put(b, channel[1]), null, y, n, c, plane);
            r[i][3] = get(b, y);
            b.channelNormalizeGrad(xb, mean, put(b, gy), put(b, channel[3]), put(b, channel[4]), put(b, channel[1]), y, n, c, plane);
            r[i][4] = get(b, y);
        }
        String shape = n + "x" + c + "x" + plane;
        for (int k = 2; k < 5; k++) {
            assertBitIdentical(r[0][k], r[1][k], new String[] {"", "", "normalize with shift", "normalize", "normalize grad"}[k]
                    + " " + shape);
        }
        double[][] magnitude = new double[3][c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    int at = (i * c + ch) * plane + p;
                    float d = x[at] - channel[0][ch];
                    magnitude[0][ch] += Math.abs(d * d);
                    magnitude[1][ch] += Math.abs(d * gy[at]);
                    magnitude[2][ch] += Math.abs(gy[at]);
                }
            }
        }
        int[] which = {0, 1, 5};
        String[] what = {"centred sum of squares", "centred dot", "channel sum"};
        long terms = (long) n * plane;
        for (int k = 0; k < 3; k++) {
            for (int ch = 0; ch < c; ch++) {
                float expected = r[0][which[k]][ch];
                float actual = r[1][which[k]][ch];
                double bound = Math.ulp(expected) + 2.0 * terms * Math.ulp(1.0) / 2 * magnitude[k][ch];
                assertTrue(Math.abs((double) actual - expected) <= bound, what[k] + " " + shape + " channel " + ch
                        + ": reference " + expected + " fast " + actual + ", bound " + bound);
            }
        }
    }

    @Test
    void fusedReluGradIsBitIdenticalToStepAndWhere() {
        float[] x = random(50000);
        x[3] = Float.NaN;
        x[4] = 0f;
        x[5] = -0f;
        float[] g = random(50000);
        g[6] = Float.NaN;
        float[][] r = new float[2][];
        Backend[] bs = {ref, fast};
        for (int i = 0; i < 2; i++) {
            Buffer out = bs[i].allocate(DType.FLOAT32, x.length);
            bs[i].reluGrad(put(bs[i], x), put(bs[i], g), out);
            r[i] = get(bs[i], out);
        }
        assertBitIdentical(r[0], r[1], "relu grad");
    }

    @Test
    void reluAndStepAreBitIdenticalIncludingNaNAndSignedZeroAtEveryTailLength() {
        for (int n : new int[] {50000, 37, 3}) {
            float[] x = random(n);
            x[0] = Float.NaN;
            x[1] = -0f;
            x[2] = 0f;
            if (n > 7) {
                x[n - 1] = Float.NaN;
                x[n - 2] = -0f;
                x[n - 3] = Float.NEGATIVE_INFINITY;
                x[n - 4] = Float.POSITIVE_INFINITY;
            }
            for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.STEP}) {
                float[][] r = new float[2][];
                Backend[] bs = {ref, fast};
                for (int i = 0; i < 2; i++) {
                    Buffer out = bs[i].allocate(DType.FLOAT32, n);
                    bs[i].unary(op, 0, put(bs[i], x), out);
                    r[i] = get(bs[i], out);
                }
                assertBitIdentical(r[0], r[1], op + " n=" + n);
            }
        }
    }

    @Test
    void releasedArraysAreReusedZeroedAndNeverWhileStillLive() {
        CpuBackend b = new CpuBackend();
        int n = 1 << 16; // 256 KB, above the pool's minimum
        Buffer first = b.allocate(DType.FLOAT32, n);
        b.fill(first, 3.0);
        Buffer other = b.allocate(DType.FLOAT32, n);
        first.release();
        assertEquals((long) n * 4, b.pooledBytes(), "the released array is kept");
        Buffer reused = b.allocate(DType.FLOAT32, n);
        assertEquals(0L, b.pooledBytes(), "and handed out again");
        float[] v = get(b, reused);
        for (float x : v) {
            assertEquals(0f, x, "a reused array starts zeroed");
        }
        Buffer fresh = b.allocate(DType.FLOAT32, n);
        b.fill(fresh, 1.0);
        b.fill(other, 2.0);
        assertEquals(0f, get(b, reused)[0], "live buffers never share an array");
        assertEquals(2f, get(b, other)[n - 1]);
        Buffer small = b.allocate(DType.FLOAT32, 16);
        small.release();
        assertEquals(0L, b.pooledBytes(), "small arrays are left to the garbage collector");
        assertEquals(3L * n * 4, b.liveBytes(), "live bytes count the three live buffers");
    }

    /** Measured worst: 3.4e-16 of the largest element (input gradient); forward and weight gradient exact here. */
    @Test
    void float64ConvolutionMatchesTheReferenceToRounding() {
        Geometry.Conv2d[] cases = {Geometry.Conv2d.of(1, 4, 8, 8, 5, 3, 3, 1, 1), Geometry.Conv2d.of(3, 4, 9, 7, 8, 3, 3, 2, 1),
            Geometry.Conv2d.of(2, 4, 8, 8, 6, 1, 1, 1, 0),
            // batch 1 (synflow's) with channels that split unevenly over the pieces, and more than 64 columns
            Geometry.Conv2d.of(1, 7, 10, 10, 6, 3, 3, 1, 1), Geometry.Conv2d.of(1, 9, 9, 9, 4, 3, 3, 1, 1)};
        for (Geometry.Conv2d g : cases) {
            double[] x = doubles(g.n() * g.cin() * g.h() * g.w());
            double[] w = doubles(g.cout() * g.cin() * g.kh() * g.kw());
            double[] gy = doubles(g.n() * g.cout() * g.hOut() * g.wOut());
            double[][][] r = new double[2][3][];
            Backend[] bs = {ref, fast};
            for (int i = 0; i < 2; i++) {
                Backend b = bs[i];
                Buffer out = b.allocate(DType.FLOAT64, gy.length);
                b.conv2d(put64(b, x), put64(b, w), out, g);
                r[i][0] = get64(b, out);
                Buffer gx = b.allocate(DType.FLOAT64, x.length);
                b.conv2dInputGrad(put64(b, gy), put64(b, w), gx, g);
                r[i][1] = get64(b, gx);
                Buffer gw = b.allocate(DType.FLOAT64, w.length);
                b.conv2dWeightGrad(put64(b, x), put64(b, gy), gw, g);
                r[i][2] = get64(b, gw);
            }
            String[] what = {"forward", "input grad", "weight grad"};
            for (int k = 0; k < 3; k++) {
                double scale = 0;
                for (double v : r[0][k]) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int e = 0; e < r[0][k].length; e++) {
                    assertEquals(r[0][k][e], r[1][k][e], 1e-15 * scale, "float64 conv " + what[k] + " " + g + " element " + e);
                }
            }
        }
    }

    private double[] doubles(int n) {
        float[] f = random(n);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = f[i] * 1.000001;
        }
        return d;
    }

    private static Buffer put64(Backend b, double[] v) {
        return b.upload(new NdArray(DType.FLOAT64, new int[] {v.length}, v));
    }

    private static double[] get64(Backend b, Buffer buf) {
        return (double[]) b.download(buf, new int[] {(int) buf.size()}).data();
    }
}
