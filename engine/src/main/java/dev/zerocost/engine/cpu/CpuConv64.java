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

    /** Runs body(c0, c1) over input-channel ranges [c0, c1) on all threads. */
    private static void channels(Geometry.Conv2d g, java.util.function.BiConsumer<Integer, Integer> body) {
        int cin = g.cin();
        int chunks = CpuThreads.chunks(cin);
        CpuThreads.parallelFor(chunks, t -> body.accept(t * cin / chunks, (t + 1) * cin / chunks));
    }

    /** col[(c*kh + i)*kw + j][oh*wOut + ow] = x[c][oh*s - p + i][ow*s - p + j] (0 outside), all channels in parallel. */
    static void im2col(double[] x, int xOff, Geometry.Conv2d g, double[] col) {
        channels(g, (c0, c1) -> im2col(x, xOff, g, col, c0, c1));
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
        channels(g, (c0, c1) -> col2im(col, g, x, xOff, c0, c1));
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

    /** Runs rows [0, m) of one GEMM in row blocks on all threads. */
    private static void rows(int m, java.util.function.BiConsumer<Integer, Integer> body) {
        int blocks = CpuThreads.chunks(m / 4);
        CpuThreads.parallelFor(blocks, t -> body.accept(t * m / blocks, (t + 1) * m / blocks));
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
     * dst[q][r] = src[r][q] for src [rows][cols], in parallel over blocks of 64 columns: each piece
     * writes whole rows of dst, walking src down 64 columns at a time.
     */
    private static void transpose(double[] src, double[] dst, int rows, int cols) {
        int blocks = (cols + 63) / 64;
        int chunks = CpuThreads.chunks(blocks);
        CpuThreads.parallelFor(chunks, t -> {
            for (int b = t * blocks / chunks; b < (t + 1) * blocks / chunks; b++) {
                int q1 = Math.min(cols, (b + 1) * 64);
                for (int r = 0; r < rows; r++) {
                    int at = r * cols;
                    for (int q = b * 64; q < q1; q++) {
                        dst[q * rows + r] = src[at + q];
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
