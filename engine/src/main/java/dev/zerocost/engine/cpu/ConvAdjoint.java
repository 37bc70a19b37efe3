package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The stride-1 convolution's input gradient of one sample without GEMM + col2im: a 4 x 4 tile of
 * (input channel, vector of input positions) accumulates w x the output gradient read straight
 * from a zero-bordered copy ({@link #padGrad}, rows a multiple of the vector length) or from
 * column-shifted copies ({@link #shiftGrad}, "same" convolutions on narrower planes). Loaded only
 * through {@link CpuKernels#VECTOR}.
 */
final class ConvAdjoint {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();

    private ConvAdjoint() {
    }

    /**
     * The input gradient runs im2col-free when the input width is a multiple of the vector length
     * and the padding is at most the kernel size minus one (so a zero border of kernel - 1 - padding
     * around the output gradient turns every shifted read into an in-bounds one).
     */
    static boolean appliesToInputGrad(Geometry.Conv2d g) {
        return g.stride() == 1 && g.w() % FL == 0 && g.padding() <= g.kh() - 1 && g.padding() <= g.kw() - 1
                && !(g.kh() == 1 && g.kw() == 1 && g.padding() == 0);
    }

    /** Size of the bordered output gradient: [cout][h + kh - 1][w + kw - 1]. */
    static int borderedGradSize(Geometry.Conv2d g) {
        return g.cout() * (g.h() + g.kh() - 1) * (g.w() + g.kw() - 1);
    }

    /** gyp = gy with a zero border of kh - 1 - padding rows and kw - 1 - padding columns. */
    static void padGrad(float[] gy, int gyOff, Geometry.Conv2d g, float[] gyp) {
        int bh = g.kh() - 1 - g.padding();
        int bw = g.kw() - 1 - g.padding();
        int wp = g.w() + g.kw() - 1;
        int hp = g.h() + g.kh() - 1;
        java.util.Arrays.fill(gyp, 0, borderedGradSize(g), 0f);
        for (int co = 0; co < g.cout(); co++) {
            for (int y = 0; y < g.hOut(); y++) {
                System.arraycopy(gy, gyOff + (co * g.hOut() + y) * g.wOut(), gyp, (co * hp + y + bh) * wp + bw, g.wOut());
            }
        }
    }

    /**
     * Where the terms of one input gradient lie: term p = (i, j, co) reads the output gradient at
     * {@code grad[p]} past a position vector's base and the transposed weight at
     * {@code weight[p]} past the channel's row; vector v of input positions has base
     * {@code positions[v]}. Depends on the geometry only, so a convolution builds it once.
     */
    record Taps(int[] grad, int[] weight, int[] positions) {
    }

    /** The taps in the bordered output gradient of {@link #padGrad}. */
    static Taps bordered(Geometry.Conv2d g) {
        int wp = g.w() + g.kw() - 1;
        int plane = (g.h() + g.kh() - 1) * wp;
        int[] positions = new int[g.h() * g.w() / FL];
        for (int v = 0; v < positions.length; v++) {
            int q = v * FL;
            positions[v] = (q / g.w()) * wp + q % g.w();
        }
        return taps(g, plane, wp, 1, 0, positions);
    }

    /**
     * The input gradient of a "same" convolution (see {@link ImplicitConv#appliesShifted}) from kw shifted
     * copies of the output gradient, gs[j][co][B + y][x] = gy[co][y][x + padding - j] with
     * B = kh - 1 - padding zero rows above and below: the term of kernel cell (i, j) for input
     * position t is gs[j][co][kh - 1 - i ..][t], contiguous across rows.
     */
    static int shiftedGradSize(Geometry.Conv2d g) {
        return g.kw() * g.cout() * (g.hOut() + 2 * (g.kh() - 1 - g.padding())) * g.wOut();
    }

    static void shiftGrad(float[] gy, int gyOff, Geometry.Conv2d g, float[] gs) {
        int w = g.wOut();
        int border = g.kh() - 1 - g.padding();
        int plane = (g.hOut() + 2 * border) * w;
        java.util.Arrays.fill(gs, 0, shiftedGradSize(g), 0f);
        for (int j = 0; j < g.kw(); j++) {
            int s = g.padding() - j; // gs column x reads gy column x + s
            int lo = Math.max(0, -s);
            int hi = Math.min(w, w - s);
            for (int co = 0; co < g.cout(); co++) {
                for (int y = 0; y < g.hOut(); y++) {
                    System.arraycopy(gy, gyOff + (co * g.hOut() + y) * w + lo + s, gs,
                            (j * g.cout() + co) * plane + (y + border) * w + lo, hi - lo);
                }
            }
        }
    }

    /** The taps in the shifted copies of {@link #shiftGrad}. */
    static Taps shifted(Geometry.Conv2d g) {
        int w = g.wOut();
        int plane = (g.hOut() + 2 * (g.kh() - 1 - g.padding())) * w;
        int[] positions = new int[g.h() * g.w() / FL];
        for (int v = 0; v < positions.length; v++) {
            positions[v] = v * FL;
        }
        return taps(g, plane, w, 0, g.cout(), positions);
    }

    /**
     * Term (i, j, co): the output-gradient offset of kernel cell (i, j) in plane co, and the
     * transposed weight's offset. Kernel column j moves the read by columnStep elements (bordered
     * layout: 1) or by columnBlock planes (shifted layout: one block of cout planes per j).
     */
    private static Taps taps(Geometry.Conv2d g, int plane, int rowPitch, int columnStep, int columnBlock,
                             int[] positions) {
        int cout = g.cout();
        int kk = g.kh() * g.kw();
        int[] grad = new int[kk * cout];
        int[] weight = new int[kk * cout];
        for (int i = 0, q = 0; i < g.kh(); i++) {
            for (int j = 0; j < g.kw(); j++) {
                for (int co = 0; co < cout; co++, q++) {
                    grad[q] = (j * columnBlock + co) * plane + (g.kh() - 1 - i) * rowPitch + columnStep * (g.kw() - 1 - j);
                    weight[q] = (i * g.kw() + j) * cout + co;
                }
            }
        }
        return new Taps(grad, weight, positions);
    }

    /**
     * gx[gxOff + c*h*w + t] = sum over (i, j, co) of wt[(c*kh + i)*kw + j][co] * gy[co][t shifted by
     * (i, j)]: the adjoint of the convolution, read from src (bordered or shifted) through taps. One
     * FMA chain per element over (i, j, co) flattened into one loop (nested loops here left the JIT
     * boxing the vectors, 7x slower). This sums in another order than GEMM + col2im (which adds
     * the nine per-(i, j) sums last), so results differ from that path by float32 rounding.
     */
    static void inputGrad(float[] wt, float[] src, Taps taps, int cin, float[] gx, int gxOff) {
        int[] gOff = taps.grad();
        int[] wOff = taps.weight();
        int[] base = taps.positions();
        int vectors = base.length;
        int hwIn = vectors * FL;
        int rowStride = gOff.length; // wt rows of channel c start at c * kk * cout
        int c = 0;
        for (; c + 4 <= cin; c += 4) {
            int v = 0;
            for (; v + 4 <= vectors; v += 4) {
                adjoint4x4(wt, gOff, wOff, rowStride, src, base[v], base[v + 1], base[v + 2], base[v + 3], gx,
                        gxOff + c * hwIn + v * FL, hwIn, c * rowStride);
            }
            for (; v < vectors; v++) {
                for (int cc = c; cc < c + 4; cc++) {
                    adjoint1x1(wt, gOff, wOff, src, base[v], gx, gxOff + cc * hwIn + v * FL, cc * rowStride);
                }
            }
        }
        for (; c < cin; c++) {
            for (int v = 0; v < vectors; v++) {
                adjoint1x1(wt, gOff, wOff, src, base[v], gx, gxOff + c * hwIn + v * FL, c * rowStride);
            }
        }
    }

    /** 4 input channels (weight rows w0 + k*ws) x 4 vectors of input positions. */
    private static void adjoint4x4(float[] wt, int[] gOff, int[] wOff, int ws, float[] gyp,
                                   int b0, int b1, int b2, int b3, float[] gx, int at, int hwIn, int w0) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        for (int p = 0; p < gOff.length; p++) {
            int o = gOff[p];
            int r = w0 + wOff[p];
            FloatVector v0 = FloatVector.fromArray(F, gyp, o + b0);
            FloatVector v1 = FloatVector.fromArray(F, gyp, o + b1);
            FloatVector v2 = FloatVector.fromArray(F, gyp, o + b2);
            FloatVector v3 = FloatVector.fromArray(F, gyp, o + b3);
            FloatVector x = FloatVector.broadcast(F, wt[r]);
            a00 = x.fma(v0, a00);
            a01 = x.fma(v1, a01);
            a02 = x.fma(v2, a02);
            a03 = x.fma(v3, a03);
            x = FloatVector.broadcast(F, wt[r + ws]);
            a10 = x.fma(v0, a10);
            a11 = x.fma(v1, a11);
            a12 = x.fma(v2, a12);
            a13 = x.fma(v3, a13);
            x = FloatVector.broadcast(F, wt[r + 2 * ws]);
            a20 = x.fma(v0, a20);
            a21 = x.fma(v1, a21);
            a22 = x.fma(v2, a22);
            a23 = x.fma(v3, a23);
            x = FloatVector.broadcast(F, wt[r + 3 * ws]);
            a30 = x.fma(v0, a30);
            a31 = x.fma(v1, a31);
            a32 = x.fma(v2, a32);
            a33 = x.fma(v3, a33);
        }
        a00.intoArray(gx, at);
        a01.intoArray(gx, at + FL);
        a02.intoArray(gx, at + 2 * FL);
        a03.intoArray(gx, at + 3 * FL);
        a10.intoArray(gx, at + hwIn);
        a11.intoArray(gx, at + hwIn + FL);
        a12.intoArray(gx, at + hwIn + 2 * FL);
        a13.intoArray(gx, at + hwIn + 3 * FL);
        a20.intoArray(gx, at + 2 * hwIn);
        a21.intoArray(gx, at + 2 * hwIn + FL);
        a22.intoArray(gx, at + 2 * hwIn + 2 * FL);
        a23.intoArray(gx, at + 2 * hwIn + 3 * FL);
        a30.intoArray(gx, at + 3 * hwIn);
        a31.intoArray(gx, at + 3 * hwIn + FL);
        a32.intoArray(gx, at + 3 * hwIn + 2 * FL);
        a33.intoArray(gx, at + 3 * hwIn + 3 * FL);
    }

    private static void adjoint1x1(float[] wt, int[] gOff, int[] wOff, float[] gyp, int b, float[] gx, int at, int w0) {
        FloatVector acc = FloatVector.zero(F);
        for (int p = 0; p < gOff.length; p++) {
            acc = FloatVector.broadcast(F, wt[w0 + wOff[p]]).fma(FloatVector.fromArray(F, gyp, gOff[p] + b), acc);
        }
        acc.intoArray(gx, at);
    }
}
