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
        walk(x, mean, y, out, null, n, c, plane);
    }

    /**
     * sum[ch] = the sum of y and dot[ch] = the sum of (x - mean[ch]) * y, in one walk over x and y
     * (batch norm's backward): each plane of y is dotted and then summed while it is in cache. The
     * two sums are those of {@link #centredDot} and {@link #sum} bit for bit, as each takes its
     * terms in the same order.
     */
    static void sumAndCentredDot(float[] x, float[] mean, float[] y, float[] sum, float[] dot, int n, int c, int plane) {
        walk(x, mean, y, dot, sum, n, c, plane);
    }

    /**
     * {@link #centredDot} into out, walking the batch as described there; where ySum is not null,
     * the plain sum of y into it as well, from a second set of accumulators filled plane by plane
     * right after out's.
     */
    private static void walk(float[] x, float[] mean, float[] y, float[] out, float[] ySum, int n, int c, int plane) {
        int width = 4 * H + 1;
        int sets = ySum == null ? 1 : 2;
        int blocks = (n + SAMPLE_BLOCK - 1) / SAMPLE_BLOCK;
        if (blocks == 1 || plane < LONG_PLANE) {
            int chunks = CpuThreads.chunks(c);
            CpuThreads.parallelFor(chunks, t -> {
                double[] acc = new double[sets * width];
                for (int ch = t * c / chunks; ch < (t + 1) * c / chunks; ch++) {
                    java.util.Arrays.fill(acc, 0.0);
                    for (int i = 0; i < n; i++) {
                        int base = (i * c + ch) * plane;
                        addPlane(x, y, mean == null, base, plane, mean == null ? 0f : mean[ch], acc, 0);
                        if (ySum != null) {
                            sumPlane(y, base, plane, acc, width);
                        }
                    }
                    out[ch] = total(acc, 0);
                    if (ySum != null) {
                        ySum[ch] = total(acc, width);
                    }
                }
            });
            return;
        }
        int size = c * width;
        // partial[b]: block b's sums, out's at [0, size) and y's at [size, 2 size)
        double[][] partial = BlockSums.take(blocks, sets * size);
        CpuThreads.parallelFor(blocks, b -> {
            double[] acc = partial[b];
            java.util.Arrays.fill(acc, 0, sets * size, 0.0);
            for (int i = b * SAMPLE_BLOCK; i < Math.min(n, (b + 1) * SAMPLE_BLOCK); i++) {
                for (int ch = 0; ch < c; ch++) {
                    int base = (i * c + ch) * plane;
                    addPlane(x, y, mean == null, base, plane, mean == null ? 0f : mean[ch], acc, ch * width);
                    if (ySum != null) {
                        sumPlane(y, base, plane, acc, size + ch * width);
                    }
                }
            }
        });
        double[] all = partial[0];
        for (int b = 1; b < blocks; b++) {
            for (int k = 0; k < sets * size; k++) {
                all[k] += partial[b][k];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            out[ch] = total(all, ch * width);
            if (ySum != null) {
                ySum[ch] = total(all, size + ch * width);
            }
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
     * scalar tail at acc[at..]: x itself when plain, else (x - m) * (y or x - m). Each kind of
     * term has its own loop without a branch inside: C2 recompiled the one loop for all three as
     * each kind first arrived, and in 2 of about 20 grad_norm runs a compilation of it boxed the
     * accumulators (45-63 GB allocated, the run 50% slower; docs/PERFORMANCE.md, session 17).
     * Each loop here compiles once; that this prevents the boxing is not proven (it could not be
     * reproduced on demand). The loops repeat their accumulator set-up on purpose.
     */
    private static void addPlane(float[] x, float[] y, boolean plain, int base, int plane, float m, double[] acc, int at) {
        if (plain) {
            sumPlane(x, base, plane, acc, at);
        } else if (y == null) {
            squarePlane(x, base, plane, m, acc, at);
        } else {
            dotPlane(x, y, base, plane, m, acc, at);
        }
    }

    /** Terms x. */
    private static void sumPlane(float[] x, int base, int plane, double[] acc, int at) {
        DoubleVector a0 = DoubleVector.fromArray(D, acc, at);
        DoubleVector a1 = DoubleVector.fromArray(D, acc, at + H);
        DoubleVector a2 = DoubleVector.fromArray(D, acc, at + 2 * H);
        DoubleVector a3 = DoubleVector.fromArray(D, acc, at + 3 * H);
        int p = 0;
        for (; p + 2 * L <= plane; p += 2 * L) {
            FloatVector v = FloatVector.fromArray(F, x, base + p);
            FloatVector w = FloatVector.fromArray(F, x, base + p + L);
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
            a2 = a2.add(w.convert(VectorOperators.F2D, 0));
            a3 = a3.add(w.convert(VectorOperators.F2D, 1));
        }
        for (; p + L <= plane; p += L) {
            FloatVector v = FloatVector.fromArray(F, x, base + p);
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + H);
        a2.intoArray(acc, at + 2 * H);
        a3.intoArray(acc, at + 3 * H);
        double tail = acc[at + 4 * H];
        for (; p < plane; p++) {
            tail += x[base + p];
        }
        acc[at + 4 * H] = tail;
    }

    /** Terms (x - m) * (x - m), each rounded to float. */
    private static void squarePlane(float[] x, int base, int plane, float m, double[] acc, int at) {
        DoubleVector a0 = DoubleVector.fromArray(D, acc, at);
        DoubleVector a1 = DoubleVector.fromArray(D, acc, at + H);
        DoubleVector a2 = DoubleVector.fromArray(D, acc, at + 2 * H);
        DoubleVector a3 = DoubleVector.fromArray(D, acc, at + 3 * H);
        int p = 0;
        for (; p + 2 * L <= plane; p += 2 * L) {
            FloatVector d = FloatVector.fromArray(F, x, base + p).sub(m);
            FloatVector e = FloatVector.fromArray(F, x, base + p + L).sub(m);
            FloatVector v = d.mul(d);
            FloatVector w = e.mul(e);
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
            a2 = a2.add(w.convert(VectorOperators.F2D, 0));
            a3 = a3.add(w.convert(VectorOperators.F2D, 1));
        }
        for (; p + L <= plane; p += L) {
            FloatVector d = FloatVector.fromArray(F, x, base + p).sub(m);
            FloatVector v = d.mul(d);
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + H);
        a2.intoArray(acc, at + 2 * H);
        a3.intoArray(acc, at + 3 * H);
        double tail = acc[at + 4 * H];
        for (; p < plane; p++) {
            float d = x[base + p] - m;
            tail += d * d;
        }
        acc[at + 4 * H] = tail;
    }

    /** Terms (x - m) * y, each rounded to float. */
    private static void dotPlane(float[] x, float[] y, int base, int plane, float m, double[] acc, int at) {
        DoubleVector a0 = DoubleVector.fromArray(D, acc, at);
        DoubleVector a1 = DoubleVector.fromArray(D, acc, at + H);
        DoubleVector a2 = DoubleVector.fromArray(D, acc, at + 2 * H);
        DoubleVector a3 = DoubleVector.fromArray(D, acc, at + 3 * H);
        int p = 0;
        for (; p + 2 * L <= plane; p += 2 * L) {
            FloatVector v = FloatVector.fromArray(F, x, base + p).sub(m).mul(FloatVector.fromArray(F, y, base + p));
            FloatVector w = FloatVector.fromArray(F, x, base + p + L).sub(m).mul(FloatVector.fromArray(F, y, base + p + L));
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
            a2 = a2.add(w.convert(VectorOperators.F2D, 0));
            a3 = a3.add(w.convert(VectorOperators.F2D, 1));
        }
        for (; p + L <= plane; p += L) {
            FloatVector v = FloatVector.fromArray(F, x, base + p).sub(m).mul(FloatVector.fromArray(F, y, base + p));
            a0 = a0.add(v.convert(VectorOperators.F2D, 0));
            a1 = a1.add(v.convert(VectorOperators.F2D, 1));
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + H);
        a2.intoArray(acc, at + 2 * H);
        a3.intoArray(acc, at + 3 * H);
        double tail = acc[at + 4 * H];
        for (; p < plane; p++) {
            tail += (x[base + p] - m) * y[base + p];
        }
        acc[at + 4 * H] = tail;
    }
}
