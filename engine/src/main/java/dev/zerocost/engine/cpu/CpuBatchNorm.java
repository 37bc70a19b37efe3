package dev.zerocost.engine.cpu;

/**
 * float32 fused batch-norm kernels: one pass each where the decomposition in
 * {@link dev.zerocost.engine.backend.Backend} makes three to five. Every float operation is the
 * decomposition's, in the same order (Java never contracts a * b + c into an FMA), and sums run
 * in memory order in double, so the results are bit-identical to it.
 */
final class CpuBatchNorm {
    private CpuBatchNorm() {
    }

    static void centredDot(float[] x, float[] mean, float[] y, float[] out, int n, int c, int plane) {
        int chunks = Math.max(1, Math.min(c, CpuThreads.count()));
        CpuThreads.parallelFor(chunks, t -> {
            for (int ch = t * c / chunks; ch < (t + 1) * c / chunks; ch++) {
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
