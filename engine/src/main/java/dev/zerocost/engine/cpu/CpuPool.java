package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;

/**
 * float32 average pooling on primitive arrays, parallel over planes. The arithmetic is the
 * reference backend's, step for step (window sums in double in kernel order, one division, the
 * adjoint's contributions added in output order), so results are bit-identical to it. Stride-1
 * pooling (NB-201's avg_pool_3x3) takes {@link VectorPool}'s window sums, bit-identical as well.
 */
final class CpuPool {
    private CpuPool() {
    }

    static void avgPool2d(float[] in, float[] out, Geometry.Pool2d g, boolean countIncludePad) {
        int h = g.h();
        int w = g.w();
        int ho = g.hOut();
        int wo = g.wOut();
        int k = g.kernel();
        int s = g.stride();
        int p = g.padding();
        double[][] divisors = divisors(g, countIncludePad);
        if (CpuKernels.VECTOR && VectorPool.applies(g)) {
            VectorPool.avgPool2d(in, out, g, divisors);
            return;
        }
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            double[] acc = new double[wo];
            for (int plane = lo; plane < hi; plane++) {
                int ib = plane * h * w;
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    java.util.Arrays.fill(acc, 0.0);
                    // per output: taps in (row, column) order, as the reference adds them
                    for (int ih = Math.max(oh * s - p, 0); ih < Math.min(oh * s - p + k, h); ih++) {
                        int row = ib + ih * w;
                        for (int kw = 0; kw < k; kw++) {
                            int first = firstOutput(kw, s, p);
                            int last = lastOutput(kw, s, p, w, wo);
                            int at = row + first * s - p + kw;
                            for (int ow = first; ow <= last; ow++, at += s) {
                                acc[ow] += in[at];
                            }
                        }
                    }
                    double[] div = divisors[oh];
                    int o = ob + oh * wo;
                    for (int ow = 0; ow < wo; ow++) {
                        out[o + ow] = (float) (acc[ow] / div[ow]);
                    }
                }
            }
        });
    }

    static void avgPool2dAdjoint(float[] gy, float[] gx, Geometry.Pool2d g, boolean countIncludePad) {
        int h = g.h();
        int w = g.w();
        int ho = g.hOut();
        int wo = g.wOut();
        int k = g.kernel();
        int s = g.stride();
        int p = g.padding();
        double[][] divisors = divisors(g, countIncludePad);
        if (CpuKernels.VECTOR && VectorPool.applies(g)) {
            VectorPool.avgPool2dAdjoint(gy, gx, g, divisors);
            return;
        }
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            double[] acc = new double[h * w];
            double[] d = new double[wo];
            for (int plane = lo; plane < hi; plane++) {
                java.util.Arrays.fill(acc, 0.0);
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    double[] div = divisors[oh];
                    for (int ow = 0; ow < wo; ow++) {
                        d[ow] = gy[ob + oh * wo + ow] / div[ow];
                    }
                    // each input receives its contributions in output order, as in the reference:
                    // for one output row, a larger kw means a smaller ow, so kw runs downwards
                    for (int ih = Math.max(oh * s - p, 0); ih < Math.min(oh * s - p + k, h); ih++) {
                        int row = ih * w;
                        for (int kw = k - 1; kw >= 0; kw--) {
                            int first = firstOutput(kw, s, p);
                            int last = lastOutput(kw, s, p, w, wo);
                            int at = row + first * s - p + kw;
                            for (int ow = first; ow <= last; ow++, at += s) {
                                acc[at] += d[ow];
                            }
                        }
                    }
                }
                int ib = plane * h * w;
                for (int i = 0; i < acc.length; i++) {
                    gx[ib + i] = (float) acc[i];
                }
            }
        });
    }

    /** The first output column whose tap kw lands inside the row: ow * s - p + kw >= 0. */
    private static int firstOutput(int kw, int s, int p) {
        return p - kw <= 0 ? 0 : (p - kw + s - 1) / s;
    }

    /** The last output column whose tap kw lands inside the row: ow * s - p + kw <= w - 1. */
    private static int lastOutput(int kw, int s, int p, int w, int wo) {
        int limit = w - 1 + p - kw;
        return limit < 0 ? -1 : Math.min(wo - 1, limit / s);
    }

    private static double[][] divisors(Geometry.Pool2d g, boolean countIncludePad) {
        double[][] div = new double[g.hOut()][g.wOut()];
        for (int oh = 0; oh < g.hOut(); oh++) {
            for (int ow = 0; ow < g.wOut(); ow++) {
                div[oh][ow] = CpuReferenceBackend.poolDivisor(g, oh, ow, countIncludePad);
            }
        }
        return div;
    }
}
