package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;

/**
 * float64 convolution (synflow runs the network in double, as the reference code does) through
 * im2col + the blocked float64 GEMM. Each sample's GEMM is split over row blocks on all threads,
 * since synflow's batch is a single all-ones image. Sums run in another order than the scalar
 * reference's; both are float64, so they differ by rounding only (ProxyParityTest holds synflow
 * to 1e-9 of the official code). With that batch of one, the column matrix, its transpose and
 * col2im run on all threads too (split by input channel, or by columns of the transpose): done
 * serially they were 71% of the main thread's synflow samples on the all-3x3 arch, where the
 * worker sat idle. The column matrices are per-thread scratch arrays (every element is written).
 */
final class CpuConv64 {
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    private CpuConv64() {
    }

    private static double[] scratch(int slot, int size) {
        double[][] s = SCRATCH.get();
        if (s[slot].length < size) {
            s[slot] = new double[size];
        }
        return s[slot];
    }

    /** col[(c*kh + i)*kw + j][oh*wOut + ow] = x[c][oh*s - p + i][ow*s - p + j] (0 outside), all channels in parallel. */
    static void im2col(double[] x, int xOff, Geometry.Conv2d g, double[] col) {
        CpuElementwise.forChunks(g.cin(), 1, (c0, c1) -> im2col(x, xOff, g, col, c0, c1));
    }

    /** The rows of {@link #im2col} for input channels [c0, c1). */
    private static void im2col(double[] x, int xOff, Geometry.Conv2d g, double[] col, int c0, int c1) {
        int hw = g.hOut() * g.wOut();
        int row = c0 * g.kh() * g.kw();
        for (int c = c0; c < c1; c++) {
            int plane = xOff + c * g.h() * g.w();
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row++) {
                    for (int oh = 0; oh < g.hOut(); oh++) {
                        int ih = oh * g.stride() - g.padding() + i;
                        int o = row * hw + oh * g.wOut();
                        for (int ow = 0; ow < g.wOut(); ow++) {
                            int iw = ow * g.stride() - g.padding() + j;
                            col[o + ow] = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w() ? x[plane + ih * g.w() + iw] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: adds col into the image, all channels in parallel (a channel's rows only touch its plane). */
    static void col2im(double[] col, Geometry.Conv2d g, double[] x, int xOff) {
        CpuElementwise.forChunks(g.cin(), 1, (c0, c1) -> col2im(col, g, x, xOff, c0, c1));
    }

    private static void col2im(double[] col, Geometry.Conv2d g, double[] x, int xOff, int c0, int c1) {
        int hw = g.hOut() * g.wOut();
        int row = c0 * g.kh() * g.kw();
        for (int c = c0; c < c1; c++) {
            int plane = xOff + c * g.h() * g.w();
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row++) {
                    for (int oh = 0; oh < g.hOut(); oh++) {
                        int ih = oh * g.stride() - g.padding() + i;
                        if (ih < 0 || ih >= g.h()) {
                            continue;
                        }
                        int o = row * hw + oh * g.wOut();
                        for (int ow = 0; ow < g.wOut(); ow++) {
                            int iw = ow * g.stride() - g.padding() + j;
                            if (iw >= 0 && iw < g.w()) {
                                x[plane + ih * g.w() + iw] += col[o + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Runs rows [0, m) of one GEMM in blocks of at least 4 rows on all threads. */
    private static void rows(int m, CpuElementwise.Range body) {
        CpuElementwise.forChunks(m, 4, body);
    }

    static void forward(double[] x, double[] w, double[] out, Geometry.Conv2d g) {
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        double[] col = scratch(0, ckk * hw);
        for (int n = 0; n < g.n(); n++) {
            im2col(x, n * g.cin() * g.h() * g.w(), g, col);
            int o = n * g.cout() * hw;
            rows(g.cout(), (i0, i1) -> CpuKernels.gemm(w, 0, col, 0, out, o, g.cout(), hw, ckk, false, i0, i1));
        }
    }

    static void inputGrad(double[] gy, double[] w, double[] gx, Geometry.Conv2d g) {
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        int xs = g.cin() * g.h() * g.w();
        double[] wt = new double[ckk * g.cout()];
        CpuGemm.transpose(w, 0, wt, 0, g.cout(), ckk);
        double[] col = scratch(0, ckk * hw);
        for (int n = 0; n < g.n(); n++) {
            int o = n * g.cout() * hw;
            rows(ckk, (i0, i1) -> CpuKernels.gemm(wt, 0, gy, o, col, 0, ckk, hw, g.cout(), false, i0, i1));
            java.util.Arrays.fill(gx, n * xs, n * xs + xs, 0.0);
            col2im(col, g, gx, n * xs);
        }
    }

    /**
     * dst[q][r] = src[r][q] for src [rows][cols], in parallel over column ranges of at least 64:
     * each piece writes whole rows of dst, walking src down 64 columns at a time.
     */
    private static void transpose(double[] src, double[] dst, int rows, int cols) {
        CpuElementwise.forChunks(cols, 64, (lo, hi) -> {
            for (int q0 = lo; q0 < hi; q0 += 64) {
                int q1 = Math.min(hi, q0 + 64);
                for (int r = 0; r < rows; r++) {
                    for (int q = q0; q < q1; q++) {
                        dst[q * rows + r] = src[r * cols + q];
                    }
                }
            }
        });
    }

    static void weightGrad(double[] x, double[] gy, double[] gw, Geometry.Conv2d g) {
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        double[] col = scratch(0, ckk * hw);
        double[] colT = scratch(1, hw * ckk);
        java.util.Arrays.fill(gw, 0.0);
        for (int n = 0; n < g.n(); n++) {
            im2col(x, n * g.cin() * g.h() * g.w(), g, col);
            transpose(col, colT, ckk, hw);
            int o = n * g.cout() * hw;
            rows(g.cout(), (i0, i1) -> CpuKernels.gemm(gy, o, colT, 0, gw, 0, g.cout(), ckk, hw, true, i0, i1));
        }
    }
}
