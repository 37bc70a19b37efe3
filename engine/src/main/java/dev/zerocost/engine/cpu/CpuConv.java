package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.backend.PerSampleSink;

/**
 * float32 convolution through im2col + {@link CpuGemm}, parallel over samples. A 1x1, stride-1,
 * unpadded convolution skips im2col (the input already is the column matrix).
 */
final class CpuConv {
    private static final Scratch SCRATCH = new Scratch(5);

    private CpuConv() {
    }

    /**
     * Whether this convolution takes {@link Winograd} in direction {@code part}: where it applies
     * (16 float lanes, 3x3 stride 1 padding 1, planes 8, 16 or 32 wide) and {@link WinogradSetting}
     * enables it for the channel count: by default from 32 channels (docs/PERFORMANCE.md, session 20).
     */
    private static boolean winograd(Geometry.Conv2d g, WinogradSetting.Part part) {
        return CpuKernels.VECTOR && WinogradSetting.current().takes(part, g.cin(), g.cout()) && Winograd.applies(g);
    }

    /** Forward and input gradient: whether g takes {@link RowWinograd} (checked before {@link #winograd}). */
    private static boolean rows(Geometry.Conv2d g) {
        return CpuKernels.VECTOR && WinogradSetting.current().takesRows(g.cin(), g.cout()) && RowWinograd.applies(g);
    }

    private static boolean pointwise(Geometry.Conv2d g) {
        return g.kh() == 1 && g.kw() == 1 && g.stride() == 1 && g.padding() == 0;
    }

    /** First output column ow whose input column ow*s - p + j is inside [0, w). */
    private static int firstInside(Geometry.Conv2d g, int j) {
        int need = g.padding() - j;
        return need <= 0 ? 0 : Math.min(g.wOut(), (need + g.stride() - 1) / g.stride());
    }

    /** One past the last output column whose input column is inside [0, w). */
    private static int endInside(Geometry.Conv2d g, int j) {
        int top = g.w() - 1 + g.padding() - j;
        return top < 0 ? 0 : Math.min(g.wOut(), top / g.stride() + 1);
    }

    /**
     * col[(c*kh + i)*kw + j][oh*wOut + ow] = x[c][oh*s - p + i][ow*s - p + j] (0 outside). The
     * valid column range of each kernel column is computed once, so rows copy without branches.
     */
    static void im2col(float[] x, int xOff, Geometry.Conv2d g, float[] col) {
        int hw = g.hOut() * g.wOut();
        int s = g.stride();
        int row = 0;
        for (int c = 0; c < g.cin(); c++) {
            int plane = xOff + c * g.h() * g.w();
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row++) {
                    int base = row * hw;
                    int lo = firstInside(g, j);
                    int hi = Math.max(lo, endInside(g, j));
                    int shift = j - g.padding();
                    for (int oh = 0; oh < g.hOut(); oh++) {
                        int ih = oh * s - g.padding() + i;
                        int o = base + oh * g.wOut();
                        if (ih < 0 || ih >= g.h()) {
                            java.util.Arrays.fill(col, o, o + g.wOut(), 0f);
                            continue;
                        }
                        int src = plane + ih * g.w() + shift;
                        java.util.Arrays.fill(col, o, o + lo, 0f);
                        if (s == 1) {
                            System.arraycopy(x, src + lo, col, o + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                col[o + ow] = x[src + ow * s];
                            }
                        }
                        java.util.Arrays.fill(col, o + hi, o + g.wOut(), 0f);
                    }
                }
            }
        }
    }

    /** im2col of sample x[xOff..], through a zero-bordered copy when the stride is 1 (faster, same values). */
    private static void columns(float[] x, int xOff, Geometry.Conv2d g, float[] col) {
        if (PaddedIm2col.applies(g)) {
            float[] xp = SCRATCH.get(2, PaddedIm2col.paddedSize(g));
            PaddedIm2col.pad(x, xOff, g, xp);
            PaddedIm2col.im2col(xp, g, col);
        } else {
            im2col(x, xOff, g, col);
        }
    }

    /**
     * The transposed column matrix [hw][ckk] of sample x[xOff..] into colT[colOff..]: a transpose
     * for a pointwise convolution, else im2colTransposed through a zero-bordered copy when the
     * stride is 1.
     */
    private static void columnsTransposed(float[] x, int xOff, Geometry.Conv2d g, float[] colT, int colOff) {
        if (pointwise(g)) {
            CpuGemm.transpose(x, xOff, colT, colOff, g.cin(), g.hOut() * g.wOut());
        } else if (PaddedIm2col.applies(g)) {
            float[] xp = SCRATCH.get(2, PaddedIm2col.paddedSize(g));
            PaddedIm2col.pad(x, xOff, g, xp);
            PaddedIm2col.im2colTransposed(xp, g, colT, colOff);
        } else {
            im2colTransposed(x, xOff, g, colT, colOff);
        }
    }

    /** Output planes below this many positions take the transposed-im2col weight gradient. */
    static final int SMALL_PLANE = 256;
    /** Samples per partial sum of the batch weight gradient (a fixed grouping: see {@link #weightGrad}). */
    static final int SAMPLE_BLOCK = 8;
    /**
     * Samples whose weight gradients share one float lane sum on the implicit path, before the
     * double sum (16x16 planes have 16 vector steps per dot product, so one lane sum per sample
     * cost more than the multiplies); a divisor of {@link #SAMPLE_BLOCK}.
     */
    static final int SAMPLE_GROUP = 4;
    private static final ThreadLocal<float[][]> GROUP_SCRATCH =
            ThreadLocal.withInitial(() -> new float[SAMPLE_GROUP][0]);

    /**
     * colT[colOff + (oh*wOut + ow)*ckk + (c*kh + i)*kw + j] = x[c][oh*s - p + i][ow*s - p + j] (0 outside):
     * im2col transposed.
     */
    static void im2colTransposed(float[] x, int xOff, Geometry.Conv2d g, float[] colT, int colOff) {
        int ckk = g.cin() * g.kh() * g.kw();
        int s = g.stride();
        for (int oh = 0; oh < g.hOut(); oh++) {
            for (int ow = 0; ow < g.wOut(); ow++) {
                int o = colOff + (oh * g.wOut() + ow) * ckk;
                int row = 0;
                for (int c = 0; c < g.cin(); c++) {
                    int plane = xOff + c * g.h() * g.w();
                    for (int i = 0; i < g.kh(); i++) {
                        int ih = oh * s - g.padding() + i;
                        boolean rowInside = ih >= 0 && ih < g.h();
                        for (int j = 0; j < g.kw(); j++, row++) {
                            int iw = ow * s - g.padding() + j;
                            colT[o + row] = rowInside && iw >= 0 && iw < g.w() ? x[plane + ih * g.w() + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of im2col: adds col back into the (already zeroed) image. */
    static void col2im(float[] col, Geometry.Conv2d g, float[] x, int xOff) {
        int hw = g.hOut() * g.wOut();
        int s = g.stride();
        int row = 0;
        for (int c = 0; c < g.cin(); c++) {
            int plane = xOff + c * g.h() * g.w();
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row++) {
                    int base = row * hw;
                    int lo = firstInside(g, j);
                    int hi = endInside(g, j);
                    int shift = j - g.padding();
                    for (int oh = 0; oh < g.hOut(); oh++) {
                        int ih = oh * s - g.padding() + i;
                        if (ih < 0 || ih >= g.h()) {
                            continue;
                        }
                        int dst = plane + ih * g.w() + shift;
                        int o = base + oh * g.wOut();
                        if (s == 1) {
                            for (int ow = lo; ow < hi; ow++) {
                                x[dst + ow] += col[o + ow];
                            }
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                x[dst + ow * s] += col[o + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    static void forward(float[] x, float[] w, float[] out, Geometry.Conv2d g) {
        if (rows(g)) {
            RowWinograd.forward(x, w, out, g);
            return;
        }
        if (winograd(g, WinogradSetting.Part.FORWARD)) {
            Winograd.forward(x, w, out, g);
            return;
        }
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        int xs = g.cin() * g.h() * g.w();
        int os = g.cout() * hw;
        boolean padded = CpuKernels.VECTOR && ImplicitConv.applies(g);
        boolean shifted = !padded && CpuKernels.VECTOR && ImplicitConv.appliesShifted(g);
        ImplicitConv.Columns cols = padded ? ImplicitConv.padded(g) : shifted ? ImplicitConv.shifted(g) : null;
        CpuThreads.parallelFor(g.n(), n -> {
            if (padded) {
                float[] xp = SCRATCH.get(2, PaddedIm2col.paddedSize(g));
                PaddedIm2col.pad(x, n * xs, g, xp);
                ImplicitConv.forward(w, xp, cols, g.cout(), out, n * os);
            } else if (shifted) {
                float[] xsh = SCRATCH.get(2, ImplicitConv.shiftedSize(g));
                ImplicitConv.shift(x, n * xs, g, xsh);
                ImplicitConv.forward(w, xsh, cols, g.cout(), out, n * os);
            } else if (pointwise(g)) {
                CpuKernels.gemm(w, 0, x, n * xs, out, n * os, g.cout(), hw, ckk, false, 0, g.cout());
            } else {
                float[] col = SCRATCH.get(0, ckk * hw);
                columns(x, n * xs, g, col);
                CpuKernels.gemm(w, 0, col, 0, out, n * os, g.cout(), hw, ckk, false, 0, g.cout());
            }
        });
    }

    static void inputGrad(float[] gy, float[] w, float[] gx, Geometry.Conv2d g) {
        if (rows(g)) {
            RowWinograd.inputGrad(gy, w, gx, g);
            return;
        }
        if (winograd(g, WinogradSetting.Part.INPUT_GRAD)) {
            Winograd.inputGrad(gy, w, gx, g);
            return;
        }
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        int xs = g.cin() * g.h() * g.w();
        int os = g.cout() * hw;
        float[] wt = new float[ckk * g.cout()];
        CpuGemm.transpose(w, 0, wt, 0, g.cout(), ckk);
        boolean bordered = CpuKernels.VECTOR && ConvAdjoint.appliesToInputGrad(g);
        boolean shifted = !bordered && CpuKernels.VECTOR && ImplicitConv.appliesShifted(g);
        ConvAdjoint.Taps taps = bordered ? ConvAdjoint.bordered(g) : shifted ? ConvAdjoint.shifted(g) : null;
        CpuThreads.parallelFor(g.n(), n -> {
            if (bordered) {
                float[] gyp = SCRATCH.get(2, ConvAdjoint.borderedGradSize(g));
                ConvAdjoint.padGrad(gy, n * os, g, gyp);
                ConvAdjoint.inputGrad(wt, gyp, taps, g.cin(), gx, n * xs);
            } else if (shifted) {
                float[] gs = SCRATCH.get(2, ConvAdjoint.shiftedGradSize(g));
                ConvAdjoint.shiftGrad(gy, n * os, g, gs);
                ConvAdjoint.inputGrad(wt, gs, taps, g.cin(), gx, n * xs);
            } else if (pointwise(g)) {
                CpuKernels.gemm(wt, 0, gy, n * os, gx, n * xs, ckk, hw, g.cout(), false, 0, ckk);
            } else {
                float[] col = SCRATCH.get(0, ckk * hw);
                CpuKernels.gemm(wt, 0, gy, n * os, col, 0, ckk, hw, g.cout(), false, 0, ckk);
                java.util.Arrays.fill(gx, n * xs, n * xs + xs, 0f);
                col2im(col, g, gx, n * xs);
            }
        });
    }

    /**
     * The column layout the implicit weight gradient reads for this geometry, or null where
     * {@link #sampleWeightGrad} takes another path (small planes, no Vector API, other shapes).
     */
    private static ImplicitConv.Columns weightGradColumns(Geometry.Conv2d g) {
        return !smallPlane(g) && CpuKernels.VECTOR && ImplicitConv.applies(g) ? ImplicitConv.padded(g) : null;
    }

    /**
     * Output planes under {@link #SMALL_PLANE} positions (with the Vector API): a dot product per
     * weight element would run only a few vector steps and then sum its lanes, so the weight
     * gradient runs as a plain GEMM on the transposed column matrix instead.
     */
    private static boolean smallPlane(Geometry.Conv2d g) {
        return CpuKernels.VECTOR && g.hOut() * g.wOut() < SMALL_PLANE;
    }

    /**
     * acc [cout][ckk] (+)= the summed weight gradients of samples [n, n + count) on small planes:
     * one GEMM gy [cout][count*hw] x colT [count*hw][ckk], the samples' output gradients packed
     * side by side and their transposed column matrices stacked, so each element is one float FMA
     * chain through the group's samples (the GEMM's k grows from hw to count*hw); count 1 is one
     * sample's gradient.
     */
    private static void smallPlaneWeightGrad(float[] x, float[] gy, Geometry.Conv2d g, int n, int count,
                                             float[] acc, boolean accumulate) {
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        int xs = g.cin() * g.h() * g.w();
        int os = g.cout() * hw;
        int k = count * hw;
        float[] colT = SCRATCH.get(1, k * ckk);
        for (int s = 0; s < count; s++) {
            columnsTransposed(x, (n + s) * xs, g, colT, s * hw * ckk);
        }
        float[] a = gy;
        int aOff = n * os;
        if (count > 1) {
            a = SCRATCH.get(4, g.cout() * k);
            aOff = 0;
            for (int co = 0; co < g.cout(); co++) {
                for (int s = 0; s < count; s++) {
                    System.arraycopy(gy, (n + s) * os + co * hw, a, co * k + s * hw, hw);
                }
            }
        }
        VectorGemm.gemm(a, aOff, colT, 0, acc, 0, ckk, k, accumulate, 0, g.cout());
    }

    /**
     * Adds sample n's weight gradient gy_n [cout][hw] x col_n^T [hw][ckk] into acc [cout][ckk];
     * cols is {@link #weightGradColumns} of g.
     */
    private static void sampleWeightGrad(float[] x, float[] gy, Geometry.Conv2d g, ImplicitConv.Columns cols, int n,
                                         float[] acc, boolean accumulate) {
        int ckk = g.cin() * g.kh() * g.kw();
        int hw = g.hOut() * g.wOut();
        int xs = g.cin() * g.h() * g.w();
        int os = g.cout() * hw;
        if (smallPlane(g)) {
            smallPlaneWeightGrad(x, gy, g, n, 1, acc, accumulate);
            return;
        }
        if (cols != null) {
            groupWeightGrad(x, gy, g, cols, n, 1, acc, accumulate);
            return;
        }
        if (CpuKernels.VECTOR) {
            float[] src = x;
            int off = n * xs;
            if (!pointwise(g)) {
                src = SCRATCH.get(0, ckk * hw);
                off = 0;
                columns(x, n * xs, g, src);
            }
            VectorGemm.gemmNT(gy, n * os, src, off, acc, 0, ckk, hw, accumulate, 0, g.cout());
            return;
        }
        float[] colT = SCRATCH.get(1, hw * ckk);
        columnsTransposed(x, n * xs, g, colT, 0);
        CpuKernels.gemm(gy, n * os, colT, 0, acc, 0, g.cout(), ckk, hw, accumulate, 0, g.cout());
    }

    /**
     * Batch weight gradient. Each sample's gradient is a float32 GEMM; the sum over samples is kept
     * in double. Behind batch norm the output gradient sums to zero over (N, H, W) per channel, so
     * the batch sum cancels heavily and float32 accumulation across samples loses digits (measured:
     * 0.4% on the stem gradient of a 17-cell network); summing samples in double removes that.
     * Samples are summed in fixed blocks of {@link #SAMPLE_BLOCK}, then the blocks in order, so
     * the result does not depend on the thread count and threads can share the blocks out.
     */
    static void weightGrad(float[] x, float[] gy, float[] gw, Geometry.Conv2d g) {
        if (winograd(g, WinogradSetting.Part.WEIGHT_GRAD)) {
            Winograd.weightGrad(x, gy, gw, g);
            return;
        }
        int size = gw.length;
        int chunks = (g.n() + SAMPLE_BLOCK - 1) / SAMPLE_BLOCK;
        double[][] partial = BlockSums.take(chunks, size); // partial[t][0, size) is block t's sum
        ImplicitConv.Columns cols = weightGradColumns(g);
        boolean small = smallPlane(g);
        // small planes with wide outputs: each block's sums are kept transposed, [ckk][cout]
        TransposedWeightGrad.Layout transposed = small && !pointwise(g) && TransposedWeightGrad.fits(g)
                ? TransposedWeightGrad.layout(g, SAMPLE_GROUP) : null;
        int group = cols != null || small ? SAMPLE_GROUP : 1;
        int hw = g.hOut() * g.wOut();
        CpuThreads.parallelFor(chunks, t -> {
            double[] acc = partial[t];
            java.util.Arrays.fill(acc, 0, size, 0.0);
            float[] one = SCRATCH.get(3, size);
            int end = Math.min(g.n(), (t + 1) * SAMPLE_BLOCK);
            for (int n = t * SAMPLE_BLOCK, count; n < end; n += count) {
                count = Math.min(group, end - n);
                if (transposed != null) {
                    float[] xs = SCRATCH.get(0, SAMPLE_GROUP * transposed.sampleSize());
                    float[] gyT = SCRATCH.get(1, SAMPLE_GROUP * hw * g.cout());
                    TransposedWeightGrad.pack(x, gy, g, transposed, n, count, xs, gyT);
                    TransposedWeightGrad.multiply(xs, gyT, transposed, count, hw, g.cout(), one);
                } else if (cols != null) {
                    groupWeightGrad(x, gy, g, cols, n, count, one, false);
                } else if (small) {
                    smallPlaneWeightGrad(x, gy, g, n, count, one, false);
                } else {
                    sampleWeightGrad(x, gy, g, cols, n, one, false);
                }
                if (CpuKernels.VECTOR) {
                    VectorWiden.add(one, acc, size);
                } else {
                    for (int i = 0; i < size; i++) {
                        acc[i] += one[i];
                    }
                }
            }
        });
        // the blocks in order, per output channel in parallel (element-wise the same sums)
        int ckk = size / g.cout();
        boolean swap = transposed != null;
        int pieces = CpuThreads.chunks(g.cout());
        CpuThreads.parallelFor(pieces, t -> {
            for (int co = t * g.cout() / pieces; co < (t + 1) * g.cout() / pieces; co++) {
                for (int r = 0; r < ckk; r++) {
                    int at = swap ? r * g.cout() + co : co * ckk + r; // gw[co][r] from [r][co] when transposed
                    double sum = 0;
                    for (int b = 0; b < chunks; b++) {
                        sum += partial[b][at];
                    }
                    gw[co * ckk + r] = (float) sum;
                }
            }
        });
    }

    /**
     * acc [cout][ckk] (+)= the summed weight gradients of samples [n, n + count) on the implicit
     * path ({@code cols} non-null): each sample bordered into its own scratch copy, the lanes of
     * every element summed once for the group ({@link ImplicitConv#weightGrad}); count 1 is one
     * sample's gradient exactly.
     */
    private static void groupWeightGrad(float[] x, float[] gy, Geometry.Conv2d g, ImplicitConv.Columns cols, int n,
                                        int count, float[] acc, boolean accumulate) {
        int xs = g.cin() * g.h() * g.w();
        int os = g.cout() * g.hOut() * g.wOut();
        float[][] xps = GROUP_SCRATCH.get();
        int[] gyOffs = new int[count];
        int size = PaddedIm2col.paddedSize(g);
        for (int s = 0; s < count; s++) {
            if (xps[s].length < size) {
                xps[s] = new float[size];
            }
            PaddedIm2col.pad(x, (n + s) * xs, g, xps[s]);
            gyOffs[s] = (n + s) * os;
        }
        ImplicitConv.weightGrad(gy, gyOffs, xps, count, cols, g.cout(), acc, accumulate);
    }

    static void weightGradPerSample(float[] x, float[] gy, Geometry.Conv2d g, PerSampleSink sink) {
        int size = g.cout() * g.cin() * g.kh() * g.kw();
        int group = Math.max(1, CpuThreads.count());
        float[][] slots = new float[group][size];
        double[] out = new double[size];
        ImplicitConv.Columns cols = weightGradColumns(g);
        for (int n0 = 0; n0 < g.n(); n0 += group) {
            int count = Math.min(group, g.n() - n0);
            int start = n0;
            CpuThreads.parallelFor(count, t -> sampleWeightGrad(x, gy, g, cols, start + t, slots[t], false));
            for (int t = 0; t < count; t++) {
                float[] s = slots[t];
                for (int i = 0; i < size; i++) {
                    out[i] = s[i];
                }
                sink.accept(start + t, out);
            }
        }
    }
}
