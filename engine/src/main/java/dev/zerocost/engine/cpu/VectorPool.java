package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 average pooling and its adjoint as window sums over a zero-bordered double plane,
 * vectorized across output columns. Bit-identical to {@link CpuPool}'s loops (and so to the
 * reference backend): each output still adds its taps one by one in double, in the same (row,
 * column) order, from +0.0; the border only adds extra +0.0 terms, and adding +0.0 leaves any
 * double other than -0.0 unchanged, which a sum started at +0.0 never is. The adjoint is the same
 * window sum over the bordered plane of gy / divisor: input (ih, iw) receives the outputs whose
 * window holds it in output order, which for stride 1 is its own k x k window in reverse
 * geometry. Loaded only through {@link CpuKernels#VECTOR}.
 */
final class VectorPool {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorPool() {
    }

    /** Stride 1 with a padding the window can cover (PyTorch allows at most kernel / 2). */
    static boolean applies(Geometry.Pool2d g) {
        return g.stride() == 1 && g.padding() < g.kernel() && g.hOut() > 0 && g.wOut() > 0;
    }

    static void avgPool2d(float[] in, float[] out, Geometry.Pool2d g, double[][] divisors) {
        int h = g.h();
        int w = g.w();
        int ho = g.hOut();
        int wo = g.wOut();
        int k = g.kernel();
        int p = g.padding();
        int bw = w + 2 * p;
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            double[] bordered = new double[(h + 2 * p) * bw];
            double[] acc = new double[wo];
            for (int plane = lo; plane < hi; plane++) {
                int ib = plane * h * w;
                for (int ih = 0; ih < h; ih++) {
                    int src = ib + ih * w;
                    int dst = (ih + p) * bw + p;
                    widen(in, src, bordered, dst, w);
                }
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    windowRow(bordered, bw, oh, wo, k, divisors[oh], acc);
                    narrow(acc, out, ob + oh * wo, wo);
                }
            }
        });
    }

    static void avgPool2dAdjoint(float[] gy, float[] gx, Geometry.Pool2d g, double[][] divisors) {
        int h = g.h();
        int w = g.w();
        int ho = g.hOut();
        int wo = g.wOut();
        int k = g.kernel();
        int q = k - 1 - g.padding();
        int bw = wo + 2 * q;
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            double[] bordered = new double[(ho + 2 * q) * bw];
            double[] acc = new double[w];
            for (int plane = lo; plane < hi; plane++) {
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    int src = ob + oh * wo;
                    int dst = (oh + q) * bw + q;
                    widen(gy, src, bordered, dst, wo);
                    divide(bordered, dst, divisors[oh], wo);
                }
                int ib = plane * h * w;
                for (int ih = 0; ih < h; ih++) {
                    windowRow(bordered, bw, ih, w, k, null, acc);
                    narrow(acc, gx, ib + ih * w, w);
                }
            }
        });
    }

    /** d[dst + i] = s[src + i] for i in [0, n): a float vector widens into two double halves. */
    private static void widen(float[] s, int src, double[] d, int dst, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, s, src + i);
            ((DoubleVector) v.convert(VectorOperators.F2D, 0)).intoArray(d, dst + i);
            ((DoubleVector) v.convert(VectorOperators.F2D, 1)).intoArray(d, dst + i + D.length());
        }
        for (; i < n; i++) {
            d[dst + i] = s[src + i];
        }
    }

    /** a[at + c] /= div[c] for c in [0, n), on vectors (a division is correctly rounded either way). */
    private static void divide(double[] a, int at, double[] div, int n) {
        int c = 0;
        for (int end = D.loopBound(n); c < end; c += D.length()) {
            DoubleVector.fromArray(D, a, at + c).div(DoubleVector.fromArray(D, div, c)).intoArray(a, at + c);
        }
        for (; c < n; c++) {
            a[at + c] /= div[c];
        }
    }

    /**
     * acc[c] = sum over i, j in [0, k) of b[(r + i) * bw + c + j] / div[c] for c in [0, cols), the
     * taps added in (i, j) order from +0.0; no division when div is null. The 3 x 3 window (NB-201's
     * pooling) runs on vectors, unrolled (with the taps in nested loops the JIT boxed the vectors:
     * grad_norm 25% slower than with the scalar loops), in one loop with and one without the
     * division: a sum vector that an {@code if} may replace is boxed (PoolProbe: that halved the
     * time at 16x16 and 8x8).
     */
    private static void windowRow(double[] b, int bw, int r, int cols, int k, double[] div, double[] acc) {
        int c = 0;
        if (k == 3) {
            int r0 = r * bw;
            int r1 = r0 + bw;
            int r2 = r1 + bw;
            int end = D.loopBound(cols);
            if (div != null) {
                for (; c < end; c += D.length()) {
                    window3(b, r0, r1, r2, c).div(DoubleVector.fromArray(D, div, c)).intoArray(acc, c);
                }
            } else {
                for (; c < end; c += D.length()) {
                    window3(b, r0, r1, r2, c).intoArray(acc, c);
                }
            }
        }
        for (; c < cols; c++) {
            double s = 0.0;
            for (int i = 0; i < k; i++) {
                int base = (r + i) * bw + c;
                for (int j = 0; j < k; j++) {
                    s += b[base + j];
                }
            }
            acc[c] = div != null ? s / div[c] : s;
        }
    }

    /** The 3 x 3 window sums at columns [c, c + lanes) of rows r0, r1, r2, added in (row, column) order from +0.0. */
    private static DoubleVector window3(double[] b, int r0, int r1, int r2, int c) {
        return DoubleVector.zero(D)
                .add(DoubleVector.fromArray(D, b, r0 + c))
                .add(DoubleVector.fromArray(D, b, r0 + c + 1))
                .add(DoubleVector.fromArray(D, b, r0 + c + 2))
                .add(DoubleVector.fromArray(D, b, r1 + c))
                .add(DoubleVector.fromArray(D, b, r1 + c + 1))
                .add(DoubleVector.fromArray(D, b, r1 + c + 2))
                .add(DoubleVector.fromArray(D, b, r2 + c))
                .add(DoubleVector.fromArray(D, b, r2 + c + 1))
                .add(DoubleVector.fromArray(D, b, r2 + c + 2));
    }

    /**
     * out[o + c] = (float) acc[c] for c in [0, n), a plain loop the JIT vectorizes itself: narrowing
     * with the Vector API would need a float species of half the preferred shape, and a second
     * float shape pollutes the type profiles the other kernels' vector calls share (see
     * {@link VectorChannelSums}). A build that narrowed that way had one grad_norm run with boxed
     * batch-norm vectors, 50% slower; the build before it once did too, so the cause is not proven.
     */
    private static void narrow(double[] acc, float[] out, int o, int n) {
        for (int c = 0; c < n; c++) {
            out[o + c] = (float) acc[c];
        }
    }
}
