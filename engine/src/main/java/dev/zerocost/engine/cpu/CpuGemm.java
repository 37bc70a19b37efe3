package dev.zerocost.engine.cpu;

/**
 * Single-threaded GEMM on row-major arrays, C[m][n] (+)= A[m][k] B[k][n], blocked over k and n so
 * a panel of B stays in cache, with a 4-row register tile whose inner loop over n the JIT
 * vectorises. Callers split work across threads (by sample or by row block).
 */
final class CpuGemm {
    private static final int KB = 128;
    private static final int NB = 512;

    private CpuGemm() {
    }

    /** C rows [i0, i1) of A B; C is overwritten unless accumulate. */
    static void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                     int m, int n, int k, boolean accumulate, int i0, int i1) {
        if (!accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0f);
            }
        }
        for (int j0 = 0; j0 < n; j0 += NB) {
            int j1 = Math.min(n, j0 + NB);
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(k, p0 + KB);
                int i = i0;
                for (; i + 3 < i1; i += 4) {
                    int c0 = cOff + i * n;
                    int c1 = c0 + n;
                    int c2 = c1 + n;
                    int c3 = c2 + n;
                    int a0 = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        float x0 = a[a0 + p];
                        float x1 = a[a0 + k + p];
                        float x2 = a[a0 + 2 * k + p];
                        float x3 = a[a0 + 3 * k + p];
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) {
                            float y = b[bp + j];
                            c[c0 + j] += x0 * y;
                            c[c1 + j] += x1 * y;
                            c[c2 + j] += x2 * y;
                            c[c3 + j] += x3 * y;
                        }
                    }
                }
                for (; i < i1; i++) {
                    int c0 = cOff + i * n;
                    int a0 = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        float x0 = a[a0 + p];
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[c0 + j] += x0 * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    /** The float64 twin of {@link #gemm(float[], int, float[], int, float[], int, int, int, int, boolean, int, int)}. */
    static void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                     int m, int n, int k, boolean accumulate, int i0, int i1) {
        if (!accumulate) {
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0.0);
            }
        }
        for (int j0 = 0; j0 < n; j0 += NB) {
            int j1 = Math.min(n, j0 + NB);
            for (int p0 = 0; p0 < k; p0 += KB) {
                int p1 = Math.min(k, p0 + KB);
                int i = i0;
                for (; i + 1 < i1; i += 2) {
                    int c0 = cOff + i * n;
                    int c1 = c0 + n;
                    int a0 = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        double x0 = a[a0 + p];
                        double x1 = a[a0 + k + p];
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) {
                            double y = b[bp + j];
                            c[c0 + j] += x0 * y;
                            c[c1 + j] += x1 * y;
                        }
                    }
                }
                for (; i < i1; i++) {
                    int c0 = cOff + i * n;
                    int a0 = aOff + i * k;
                    for (int p = p0; p < p1; p++) {
                        double x0 = a[a0 + p];
                        int bp = bOff + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[c0 + j] += x0 * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    /** Row-major transpose of src [rows][cols] into dst [cols][rows]. */
    static void transpose(float[] src, int sOff, float[] dst, int dOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dOff + c * rows + r] = src[sOff + r * cols + c];
            }
        }
    }

    static void transpose(double[] src, int sOff, double[] dst, int dOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[dOff + c * rows + r] = src[sOff + r * cols + c];
            }
        }
    }
}
