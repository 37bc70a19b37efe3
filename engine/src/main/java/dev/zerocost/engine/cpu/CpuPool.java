package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;

/**
 * float32 average pooling on primitive arrays, parallel over planes. The arithmetic is PyTorch
 * 1.13's CPU kernel's and the reference backend's, step for step (window sums in float32 in kernel
 * order, one float32 division; the adjoint's contributions gy / divisor added in float32 in output
 * order), so results are bit-identical to both. Stride-1 pooling (NB-201's avg_pool_3x3) takes
 * {@link VectorPool}'s window sums, bit-identical as well.
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
        float[][] divisors = divisors(g, countIncludePad);
        if (CpuKernels.VECTOR && VectorPool.applies(g)) {
            VectorPool.avgPool2d(in, out, g, divisors);
            return;
        }
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            float[] acc = new float[wo];
            for (int plane = lo; plane < hi; plane++) {
                int ib = plane * h * w;
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    java.util.Arrays.fill(acc, 0f);
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
                    float[] div = divisors[oh];
                    int o = ob + oh * wo;
                    for (int ow = 0; ow < wo; ow++) {
                        out[o + ow] = acc[ow] / div[ow];
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
        float[][] divisors = divisors(g, countIncludePad);
        if (CpuKernels.VECTOR && VectorPool.applies(g)) {
            VectorPool.avgPool2dAdjoint(gy, gx, g, divisors);
            return;
        }
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            float[] acc = new float[h * w];
            float[] d = new float[wo];
            for (int plane = lo; plane < hi; plane++) {
                java.util.Arrays.fill(acc, 0f);
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    float[] div = divisors[oh];
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
                System.arraycopy(acc, 0, gx, plane * h * w, acc.length);
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

    private static float[][] divisors(Geometry.Pool2d g, boolean countIncludePad) {
        float[][] div = new float[g.hOut()][g.wOut()];
        for (int oh = 0; oh < g.hOut(); oh++) {
            for (int ow = 0; ow < g.wOut(); ow++) {
                div[oh][ow] = CpuReferenceBackend.poolDivisor(g, oh, ow, countIncludePad);
            }
        }
        return div;
    }
}
