package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;

/**
 * float32 average pooling on primitive arrays, parallel over planes. The arithmetic is the
 * reference backend's, step for step (window sums in double in kernel order, one division, the
 * adjoint's contributions added in output order), so results are bit-identical to it.
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
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            for (int plane = lo; plane < hi; plane++) {
                int ib = plane * h * w;
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    int h0 = Math.max(oh * s - p, 0);
                    int h1 = Math.min(oh * s - p + k, h);
                    for (int ow = 0; ow < wo; ow++) {
                        int w0 = Math.max(ow * s - p, 0);
                        int w1 = Math.min(ow * s - p + k, w);
                        double sum = 0;
                        for (int ih = h0; ih < h1; ih++) {
                            int row = ib + ih * w;
                            for (int iw = w0; iw < w1; iw++) {
                                sum += in[row + iw];
                            }
                        }
                        out[ob + oh * wo + ow] = (float) (sum / CpuReferenceBackend.poolDivisor(g, oh, ow, countIncludePad));
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
        CpuElementwise.forChunks(g.planes(), Math.max(1, (1 << 15) / Math.max(1, h * w)), (lo, hi) -> {
            double[] acc = new double[h * w];
            for (int plane = lo; plane < hi; plane++) {
                java.util.Arrays.fill(acc, 0.0);
                int ob = plane * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    int h0 = Math.max(oh * s - p, 0);
                    int h1 = Math.min(oh * s - p + k, h);
                    for (int ow = 0; ow < wo; ow++) {
                        int w0 = Math.max(ow * s - p, 0);
                        int w1 = Math.min(ow * s - p + k, w);
                        double d = (double) gy[ob + oh * wo + ow] / CpuReferenceBackend.poolDivisor(g, oh, ow, countIncludePad);
                        for (int ih = h0; ih < h1; ih++) {
                            int row = ih * w;
                            for (int iw = w0; iw < w1; iw++) {
                                acc[row + iw] += d;
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
}
