package dev.zerocost.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch-norm statistics per channel of [n, c, plane] float32 data: the sum, and the centred dot
 * product sum((x - mean) * y) (y null: the centred sum of squares). Each term is the scalar
 * code's float value (x - mean and the product rounded to float), widened to double and added
 * into four double-lane accumulators; the lanes are summed at the end. The scalar code
 * adds the terms one after another, so the double sums differ by reassociation: at most
 * 2 * terms * 2^-53 * sum|term| apart, before the one rounding to float that both share.
 * Loaded only through {@link CpuKernels#VECTOR}.
 */
final class VectorChannelSums {
    // One float and one double species of the same (preferred) shape: a second float shape
    // pollutes the type profiles that the GEMMs' vector calls share, and the JIT then boxes their
    // vectors (measured: grad_norm more than twice slower). A float vector widens into two halves.
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Lanes of a double vector: half a float vector. */
    private static final int H = D.length();

    private VectorChannelSums() {
    }

    /** out[ch] = sum over (i, p) of x[(i * c + ch) * plane + p]. */
    static void sum(float[] x, float[] out, int n, int c, int plane) {
        centredDot(x, null, null, out, n, c, plane);
    }

    /** Samples per partial sum when the batch is walked in memory order (see {@link #centredDot}). */
    static final int SAMPLE_BLOCK = 8;
    /** Planes at least this long (floats) are walked in memory order (see {@link #centredDot}). */
    static final int LONG_PLANE = 256;

    /**
     * out[ch] = sum over (i, p) of (x - mean[ch]) * (y == null ? x - mean[ch] : y); mean null
     * means a plain sum of x (y must then be null too).
     *
     * <p>Planes of {@link #LONG_PLANE} floats or more are walked in memory order: each piece of
     * the parallel loop is a block of {@link #SAMPLE_BLOCK} samples, all channels of one sample
     * after another, into per-channel lane accumulators, and the blocks' accumulators are then
     * added in block order, so the result does not depend on the thread count. Walking one
     * channel through the batch jumps c * plane floats after every plane (a 32x32 plane is one
     * 4 KB page), and on data not in cache (a convolution's output) that took 1.5-1.7x as long on
     * 16x16 and 32x32 planes. Shorter planes, and batches of one block, run one channel
     * range per piece, as there the per-channel accumulators cost more than the jumps.
     */
    static void centredDot(float[] x, float[] mean, float[] y, float[] out, int n, int c, int plane) {
        int width = 4 * H + 1;
        int blocks = (n + SAMPLE_BLOCK - 1) / SAMPLE_BLOCK;
        if (blocks == 1 || plane < LONG_PLANE) {
            int chunks = CpuThreads.chunks(c);
            CpuThreads.parallelFor(chunks, t -> {
                double[] acc = new double[width];
                for (int ch = t * c / chunks; ch < (t + 1) * c / chunks; ch++) {
                    java.util.Arrays.fill(acc, 0.0);
                    for (int i = 0; i < n; i++) {
                        addPlane(x, y, mean == null, (i * c + ch) * plane, plane, mean == null ? 0f : mean[ch], acc, 0);
                    }
                    out[ch] = total(acc, 0);
                }
            });
            return;
        }
        double[][] partial = new double[blocks][];
        CpuThreads.parallelFor(blocks, b -> {
            double[] acc = new double[c * width];
            for (int i = b * SAMPLE_BLOCK; i < Math.min(n, (b + 1) * SAMPLE_BLOCK); i++) {
                for (int ch = 0; ch < c; ch++) {
                    addPlane(x, y, mean == null, (i * c + ch) * plane, plane, mean == null ? 0f : mean[ch], acc, ch * width);
                }
            }
            partial[b] = acc;
        });
        double[] sum = partial[0];
        for (int b = 1; b < blocks; b++) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += partial[b][k];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            out[ch] = total(sum, ch * width);
        }
    }

    /** The lane accumulators at acc[at..] summed: four double vectors, then the scalar tail. */
    private static float total(double[] acc, int at) {
        DoubleVector a = DoubleVector.fromArray(D, acc, at).add(DoubleVector.fromArray(D, acc, at + H))
                .add(DoubleVector.fromArray(D, acc, at + 2 * H).add(DoubleVector.fromArray(D, acc, at + 3 * H)));
        return (float) (a.reduceLanes(VectorOperators.ADD) + acc[at + 4 * H]);
    }

    /**
     * Adds the terms over [base, base + plane) into the four double-lane accumulators and the
     * scalar tail at acc[at..]: x itself when plain, else (x - m) * (y or x - m).
     */
    private static void addPlane(float[] x, float[] y, boolean plain, int base, int plane, float m, double[] acc, int at) {
        DoubleVector a0 = DoubleVector.fromArray(D, acc, at);
        DoubleVector a1 = DoubleVector.fromArray(D, acc, at + H);
        DoubleVector a2 = DoubleVector.fromArray(D, acc, at + 2 * H);
        DoubleVector a3 = DoubleVector.fromArray(D, acc, at + 3 * H);
        int p = 0;
        for (; p + 2 * L <= plane; p += 2 * L) {
            FloatVector v = term(x, y, plain, base + p, m);
            FloatVector w = term(x, y, plain, base + p + L, m);
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
            a2 = a2.add(w.convert(VectorOperators.F2D, 0));
            a3 = a3.add(w.convert(VectorOperators.F2D, 1));
        }
        for (; p + L <= plane; p += L) {
            FloatVector v = term(x, y, plain, base + p, m);
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + H);
        a2.intoArray(acc, at + 2 * H);
        a3.intoArray(acc, at + 3 * H);
        double tail = acc[at + 4 * H];
        for (; p < plane; p++) {
            if (plain) {
                tail += x[base + p];
            } else {
                float d = x[base + p] - m;
                tail += d * (y == null ? d : y[base + p]);
            }
        }
        acc[at + 4 * H] = tail;
    }

    /** The float terms at [i, i + L): x when plain, else (x - m) * (y or x - m). */
    private static FloatVector term(float[] x, float[] y, boolean plain, int i, float m) {
        if (plain) {
            return FloatVector.fromArray(F, x, i);
        }
        FloatVector d = FloatVector.fromArray(F, x, i).sub(m);
        return y == null ? d.mul(d) : d.mul(FloatVector.fromArray(F, y, i));
    }
}
