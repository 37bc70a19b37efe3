package dev.zerocost.engine.cpu;

/**
 * float32 fused batch-norm kernels: one pass each where the decomposition in
 * {@link dev.zerocost.engine.backend.Backend} makes three to five. Every float operation is the
 * decomposition's, in the same order (Java never contracts a * b + c into an FMA). The scalar
 * sums run in memory order in double, so they and the elementwise kernels are bit-identical to
 * it; with the Vector API the sums are {@link VectorChannelSums}' (the same terms, added in
 * double lanes, so the double sums differ by reassociation before the rounding to float).
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {
    }

    static void centredDot(float[] x, float[] mean, float[] y, float[] out, int n, int c, int plane) {
        if (CpuKernels.VECTOR) {
            VectorChannelSums.centredDot(x, mean, y, out, n, c, plane);
            return;
        }
        int chunks = CpuThreads.chunks(c);
        CpuThreads.parallelFor(chunks, t -> {
            int ch = t * c / chunks;
            int end = (t + 1) * c / chunks;
            for (; ch + 4 <= end; ch += 4) {
                centredDot4(x, mean, y, out, n, c, plane, ch);
            }
            for (; ch < end; ch++) {
                float m = mean[ch];
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * plane;
                    if (y == null) {
                        for (int p = 0; p < plane; p++) {
                            float d = x[base + p] - m;
                            acc += d * d;
                        }
                    } else {
                        for (int p = 0; p < plane; p++) {
                            float d = x[base + p] - m;
                            acc += d * y[base + p];
                        }
                    }
                }
                out[ch] = (float) acc;
            }
        });
    }

    /**
     * Channels ch..ch+3 as four independent chains: per channel the same float operations and the
     * same summation order as the one-channel loop, with four additions in flight instead of one.
     */
    private static void centredDot4(float[] x, float[] mean, float[] y, float[] out, int n, int c, int plane, int ch) {
        float m0 = mean[ch], m1 = mean[ch + 1], m2 = mean[ch + 2], m3 = mean[ch + 3];
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int i = 0; i < n; i++) {
            int b0 = (i * c + ch) * plane;
            int b1 = b0 + plane;
            int b2 = b1 + plane;
            int b3 = b2 + plane;
            if (y == null) {
                for (int p = 0; p < plane; p++) {
                    float d0 = x[b0 + p] - m0;
                    float d1 = x[b1 + p] - m1;
                    float d2 = x[b2 + p] - m2;
                    float d3 = x[b3 + p] - m3;
                    a0 += d0 * d0;
                    a1 += d1 * d1;
                    a2 += d2 * d2;
                    a3 += d3 * d3;
                }
            } else {
                for (int p = 0; p < plane; p++) {
                    a0 += (x[b0 + p] - m0) * y[b0 + p];
                    a1 += (x[b1 + p] - m1) * y[b1 + p];
                    a2 += (x[b2 + p] - m2) * y[b2 + p];
                    a3 += (x[b3 + p] - m3) * y[b3 + p];
                }
            }
        }
        out[ch] = (float) a0;
        out[ch + 1] = (float) a1;
        out[ch + 2] = (float) a2;
        out[ch + 3] = (float) a3;
    }

    static void normalize(float[] x, float[] mean, float[] scale, float[] shift, float[] out, int n, int c, int plane) {
        CpuElementwise.forChunks(n * c, Math.max(1, (1 << 15) / Math.max(1, plane)), (lo, hi) -> {
            for (int q = lo; q < hi; q++) {
                int ch = q % c;
                float m = mean[ch];
                float s = scale[ch];
                int base = q * plane;
                if (shift == null) {
                    for (int p = 0; p < plane; p++) {
                        out[base + p] = (x[base + p] - m) * s;
                    }
                } else {
                    float b = shift[ch];
                    for (int p = 0; p < plane; p++) {
                        out[base + p] = (x[base + p] - m) * s + b;
                    }
                }
            }
        });
    }

    static void normalizeGrad(float[] x, float[] mean, float[] gy, float[] gyMean, float[] k, float[] scale,
                              float[] out, int n, int c, int plane) {
        CpuElementwise.forChunks(n * c, Math.max(1, (1 << 15) / Math.max(1, plane)), (lo, hi) -> {
            for (int q = lo; q < hi; q++) {
                int ch = q % c;
                float m = mean[ch];
                float gm = gyMean[ch];
                float kc = k[ch];
                float s = scale[ch];
                int base = q * plane;
                for (int p = 0; p < plane; p++) {
                    out[base + p] = ((gy[base + p] - gm) - (x[base + p] - m) * kc) * s;
                }
            }
        });
    }
}
