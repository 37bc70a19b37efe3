package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 average pooling and its adjoint as window sums over a zero-bordered float32 plane,
 * vectorized across output columns. The arithmetic is PyTorch 1.13's CPU kernel's (float32
 * accumulation for float32 tensors) and {@link CpuPool}'s, step for step: each output adds its
 * taps one by one in float32, in (row, column) order, from +0.0, then one float32 division. The
 * border only adds extra +0.0 terms, and adding +0.0 leaves any float other than -0.0 unchanged,
 * which a sum started at +0.0 never is. The adjoint is the same window sum over the bordered plane
 * of gy / divisor (rounded to float32): input (ih, iw) receives the outputs whose window holds it
 * in output order, which for stride 1 is its own k x k window in reverse geometry. Loaded only
 * through {@link CpuKernels#VECTOR}.
 */
final class VectorPool {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorPool() {
    }

    /** Stride 1 with a padding the window can cover (PyTorch allows at most kernel / 2). */
    static boolean applies(Geometry.Pool2d g) {
        return g.stride() == 1 && g.padding() < g.kernel() && g.hOut() > 0 && g.wOut() > 0;
    }

    static void avgPool2d(float[] in, float[] out, Geometry.Pool2d g, float[][] divisors) {
        int h = g.h();
        int w = g.w();
        int ho = g.hOut();
        int wo = g.wOut();
        int k = g.kernel();
        int p = g.padding();
        int bw = w + 2 * p;
        float[] div = flat(divisors, bw);
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            float[] bordered = new float[(h + 2 * p) * bw + k];
            float[] acc = new float[ho * bw];
            for (int plane = lo; plane < hi; plane++) {
                int ib = plane * h * w;
                for (int ih = 0; ih < h; ih++) {
                    System.arraycopy(in, ib + ih * w, bordered, (ih + p) * bw + p, w);
                }
                windowSums(bordered, bw, ho, k, div, acc);
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    System.arraycopy(acc, oh * bw, out, ob + oh * wo, wo);
                }
            }
        });
    }

    static void avgPool2dAdjoint(float[] gy, float[] gx, Geometry.Pool2d g, float[][] divisors) {
        int h = g.h();
        int w = g.w();
        int ho = g.hOut();
        int wo = g.wOut();
        int k = g.kernel();
        int q = k - 1 - g.padding();
        int bw = wo + 2 * q;
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            float[] bordered = new float[(ho + 2 * q) * bw + k];
            float[] acc = new float[h * bw];
            for (int plane = lo; plane < hi; plane++) {
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    divide(gy, ob + oh * wo, divisors[oh], bordered, (oh + q) * bw + q, wo);
                }
                windowSums(bordered, bw, h, k, null, acc);
                int ib = plane * h * w;
                for (int ih = 0; ih < h; ih++) {
                    System.arraycopy(acc, ih * bw, gx, ib + ih * w, w);
                }
            }
        });
    }

    /** The divisors laid out as the bordered rows are: row r's at [r * bw, r * bw + cols), 1 elsewhere. */
    private static float[] flat(float[][] divisors, int bw) {
        float[] d = new float[divisors.length * bw];
        java.util.Arrays.fill(d, 1f);
        for (int r = 0; r < divisors.length; r++) {
            System.arraycopy(divisors[r], 0, d, r * bw, divisors[r].length);
        }
        return d;
    }

    /** d[dst + c] = s[src + c] / div[c] for c in [0, n), on vectors (a division is correctly rounded either way). */
    private static void divide(float[] s, int src, float[] div, float[] d, int dst, int n) {
        int c = 0;
        for (int end = F.loopBound(n); c < end; c += F.length()) {
            FloatVector.fromArray(F, s, src + c).div(FloatVector.fromArray(F, div, c)).intoArray(d, dst + c);
        }
        for (; c < n; c++) {
            d[dst + c] = s[src + c] / div[c];
        }
    }

    /**
     * acc[f] = (sum over i, j in [0, k) of b[f + i * bw + j]) / div[f] for f in [0, rows * bw): the
     * window sums of all rows laid end to end, so that planes narrower than a vector still fill
     * whole vectors (positions in a row's last k - 1 columns straddle two rows and are never read
     * back); the taps added in (i, j) order from +0.0; no division when div is null. The 3 x 3
     * window (NB-201's pooling) runs on vectors, unrolled (with the taps in nested loops the JIT
     * boxed the vectors: grad_norm 25% slower than with the scalar loops), in one loop with and
     * one without the division: a sum vector that an {@code if} may replace is boxed (PoolProbe:
     * that halved the time at 16x16 and 8x8).
     */
    private static void windowSums(float[] b, int bw, int rows, int k, float[] div, float[] acc) {
        int n = rows * bw;
        int f = 0;
        if (k == 3) {
            int end = F.loopBound(n);
            if (div != null) {
                for (; f < end; f += F.length()) {
                    window3(b, f, bw).div(FloatVector.fromArray(F, div, f)).intoArray(acc, f);
                }
            } else {
                for (; f < end; f += F.length()) {
                    window3(b, f, bw).intoArray(acc, f);
                }
            }
        }
        for (; f < n; f++) {
            float s = 0f;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    s += b[f + i * bw + j];
                }
            }
            acc[f] = div != null ? s / div[f] : s;
        }
    }

    /** The 3 x 3 window sums at flat positions [f, f + lanes), rows bw apart, added in (row, column) order from +0.0. */
    private static FloatVector window3(float[] b, int f, int bw) {
        int r1 = f + bw;
        int r2 = r1 + bw;
        return FloatVector.zero(F)
                .add(FloatVector.fromArray(F, b, f))
                .add(FloatVector.fromArray(F, b, f + 1))
                .add(FloatVector.fromArray(F, b, f + 2))
                .add(FloatVector.fromArray(F, b, r1))
                .add(FloatVector.fromArray(F, b, r1 + 1))
                .add(FloatVector.fromArray(F, b, r1 + 2))
                .add(FloatVector.fromArray(F, b, r2))
                .add(FloatVector.fromArray(F, b, r2 + 1))
                .add(FloatVector.fromArray(F, b, r2 + 2));
    }
}
