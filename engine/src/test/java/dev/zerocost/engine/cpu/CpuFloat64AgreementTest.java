package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;
import dev.zerocost.engine.io.NdArray;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float64 elementwise loops of {@link CpuBackend} (synflow's network) against the scalar
 * reference: bit-identical, NaN and signed zeros included, on sizes that run in one chunk and in
 * parallel chunks.
 */
class CpuFloat64AgreementTest {
    private final Backend fast = new CpuBackend();
    private final Backend ref = new CpuReferenceBackend();
    private final Random random = new Random(11);
    private final Backend[] both = {ref, fast};

    private double[] random(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        }
        if (n > 8) {
            v[1] = Double.NaN;
            v[2] = 0.0;
            v[3] = -0.0;
            v[4] = Double.POSITIVE_INFINITY;
        }
        return v;
    }

    private static Buffer put(Backend b, double[] v) {
        return b.upload(new NdArray(DType.FLOAT64, new int[] {v.length}, v));
    }

    private static double[] get(Backend b, Buffer buf) {
        return (double[]) b.download(buf, new int[] {(int) buf.size()}).data();
    }

    private static void assertBitIdentical(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " reference " + expected[i] + " fast " + actual[i]);
            }
        }
    }

    @Test
    void everyUnaryOpIsBitIdenticalToTheReference() {
        for (int n : new int[] {7, 70000}) {
            double[] x = random(n);
            for (UnaryOp op : UnaryOp.values()) {
                double[][] r = new double[2][];
                for (int i = 0; i < 2; i++) {
                    Buffer out = both[i].allocate(DType.FLOAT64, n);
                    both[i].unary(op, 0.3, put(both[i], x), out);
                    r[i] = get(both[i], out);
                }
                assertBitIdentical(r[0], r[1], op + " n=" + n);
            }
        }
    }

    @Test
    void reductionsToOneNumberAreBitIdenticalToTheReference() {
        // random() puts a NaN and an infinity into inputs longer than 8; the tail of one is finite
        double[] large = random(70005);
        double[][] inputs = {random(7), random(16 * 16 * 9), large, Arrays.copyOfRange(large, 5, large.length)};
        int[][] shapes = {{7}, {16, 16, 3, 3}, {1, 70005}, {70000}};
        for (int k = 0; k < inputs.length; k++) {
            boolean[] all = new boolean[shapes[k].length];
            Arrays.fill(all, true);
            for (ReduceOp op : ReduceOp.values()) {
                double[][] r = new double[2][];
                for (int i = 0; i < 2; i++) {
                    Buffer out = both[i].allocate(DType.FLOAT64, 1);
                    both[i].reduce(op, put(both[i], inputs[k]), shapes[k], all, out);
                    r[i] = get(both[i], out);
                }
                assertBitIdentical(r[0], r[1], op + " of " + Arrays.toString(shapes[k]));
            }
        }
    }

    @Test
    void broadcastingBinaryOpsAreBitIdenticalToTheReference() {
        int[][][] shapes = {
            {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {2, 3, 4, 5}}, {{4, 1}, {1, 6}}, {{3, 4}, {}}, {{1, 5}, {3, 5}},
            {{1, 16, 64, 64}, {1, 16, 1, 1}}, {{70000}, {70000}}};
        for (int[][] s : shapes) {
            Broadcast bc = Broadcast.of(s[0], s[1]);
            double[] a = random((int) Shapes.size(s[0]));
            double[] b = random((int) Shapes.size(s[1]));
            for (BinaryOp op : BinaryOp.values()) {
                double[][] r = new double[2][];
                for (int i = 0; i < 2; i++) {
                    Buffer out = both[i].allocate(DType.FLOAT64, bc.size());
                    both[i].binary(op, put(both[i], a), put(both[i], b), out, bc);
                    r[i] = get(both[i], out);
                }
                assertBitIdentical(r[0], r[1], op + " " + Arrays.deepToString(s));
            }
        }
    }

    @Test
    void whereAndReluGradAreBitIdenticalToTheReference() {
        int n = 70000;
        double[] cond = random(n);
        for (int i = 0; i < n; i += 3) {
            cond[i] = 0.0;
        }
        double[] a = random(n);
        double[] b = random(n);
        double[] one = {0.25};
        double[][][] cases = {{cond, a, one}, {cond, one, b}, {cond, a, b}, {one, a, b}};
        for (double[][] c : cases) {
            Broadcast bc = Broadcast.of(new int[] {c[0].length}, new int[] {c[1].length}, new int[] {c[2].length});
            double[][] r = new double[2][];
            for (int i = 0; i < 2; i++) {
                Buffer out = both[i].allocate(DType.FLOAT64, n);
                both[i].where(put(both[i], c[0]), put(both[i], c[1]), put(both[i], c[2]), out, bc);
                r[i] = get(both[i], out);
            }
            assertBitIdentical(r[0], r[1], "where sizes " + c[0].length + "," + c[1].length + "," + c[2].length);
        }
        double[][] r = new double[2][];
        for (int i = 0; i < 2; i++) {
            Buffer out = both[i].allocate(DType.FLOAT64, n);
            both[i].reluGrad(put(both[i], a), put(both[i], b), out);
            r[i] = get(both[i], out);
        }
        assertBitIdentical(r[0], r[1], "relu grad");
    }

    @Test
    void fillAndCastsBetweenFloat32AndFloat64AreBitIdenticalToTheReference() {
        double[] x = random(70000);
        double[][] back = new double[2][];
        double[][] filled = new double[2][];
        for (int i = 0; i < 2; i++) {
            Buffer f = both[i].allocate(DType.FLOAT32, x.length);
            both[i].cast(put(both[i], x), f);
            Buffer d = both[i].allocate(DType.FLOAT64, x.length);
            both[i].cast(f, d);
            back[i] = get(both[i], d);
            both[i].fill(d, -0.0);
            filled[i] = get(both[i], d);
        }
        assertBitIdentical(back[0], back[1], "float64 -> float32 -> float64");
        assertBitIdentical(filled[0], filled[1], "fill -0.0");
    }
}
