package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The batch weight gradient of a convolution with a small output plane and a wide output
 * (cout a multiple of 4 vectors: the 64-channel 8x8 stage of NB-201), computed transposed:
 * gw^T [ckk][cout] = col [ckk][K] x gy^T [K][cout] over K = (sample, output position) for a group
 * of samples. The column matrix is never built: element (r, k) is read as a scalar from the
 * samples' zero-bordered copies at {@code rows[r] + positions[k]}, and broadcast against whole
 * vectors of output channels, so each tile is a 4 x 4-vector FMA block like the forward GEMM's,
 * with one float FMA chain per element through the group's samples and no lane sums. The
 * im2col-transposed GEMM it replaces spent as long building its column matrix as multiplying.
 * Loaded only through {@link CpuKernels#VECTOR}.
 */
final class TransposedWeightGrad {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();

    private TransposedWeightGrad() {
    }

    /** Whether the output channels fill whole 4-vector tiles. */
    static boolean fits(Geometry.Conv2d g) {
        return g.cout() % (4 * FL) == 0;
    }

    /**
     * Where the column matrix of up to {@code maxCount} samples lies in their bordered copies
     * (sample s at s * sampleSize): row r = (c, i, j) at rows[r], column k = (s, oh, ow) at
     * positions[k]; a group of fewer samples uses a prefix of positions.
     */
    record Layout(int[] rows, int[] positions, int sampleSize) {
    }

    static Layout layout(Geometry.Conv2d g, int maxCount) {
        int wp = g.w() + 2 * g.padding();
        int size = PaddedIm2col.paddedSize(g);
        int[] rows = ImplicitConv.paddedRows(g);
        int hw = g.hOut() * g.wOut();
        int[] positions = new int[maxCount * hw];
        int k = 0;
        for (int s = 0; s < maxCount; s++) {
            for (int oh = 0; oh < g.hOut(); oh++) {
                for (int ow = 0; ow < g.wOut(); ow++) {
                    positions[k++] = s * size + oh * g.stride() * wp + ow * g.stride();
                }
            }
        }
        return new Layout(rows, positions, size);
    }

    /**
     * Packs samples [n, n + count): their bordered copies into xs (sample s at s * sampleSize)
     * and their output gradients transposed into gyT [count*hw][cout].
     */
    static void pack(float[] x, float[] gy, Geometry.Conv2d g, Layout layout, int n, int count, float[] xs,
                     float[] gyT) {
        int xsz = g.cin() * g.h() * g.w();
        int hw = g.hOut() * g.wOut();
        int cout = g.cout();
        for (int s = 0; s < count; s++) {
            PaddedIm2col.pad(x, (n + s) * xsz, g, xs, s * layout.sampleSize());
            int src = (n + s) * cout * hw;
            int dst = s * hw * cout;
            for (int co = 0; co < cout; co++) {
                for (int q = 0; q < hw; q++) {
                    gyT[dst + q * cout + co] = gy[src + co * hw + q];
                }
            }
        }
    }

    /** ct [ckk][cout] = sum over k < count*hw of col[r][k] * gyT[k][co], the operands packed by {@link #pack}. */
    static void multiply(float[] xs, float[] gyT, Layout layout, int count, int hw, int cout, float[] ct) {
        int[] rows = layout.rows();
        int[] pos = layout.positions();
        int kn = count * hw;
        int ckk = rows.length;
        for (int co = 0; co < cout; co += 4 * FL) {
            int r = 0;
            for (; r + 4 <= ckk; r += 4) {
                tile4x4(xs, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], pos, kn, gyT, co, cout, ct,
                        r * cout + co);
            }
            for (; r < ckk; r++) {
                tile1x4(xs, rows[r], pos, kn, gyT, co, cout, ct, r * cout + co);
            }
        }
    }

    private static void tile4x4(float[] xs, int o0, int o1, int o2, int o3, int[] pos, int kn, float[] b, int co,
                                int n, float[] c, int cr) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int k = 0; k < kn; k++) {
            int p = pos[k];
            int bk = k * n + co;
            FloatVector b0 = FloatVector.fromArray(F, b, bk);
            FloatVector b1 = FloatVector.fromArray(F, b, bk + FL);
            FloatVector b2 = FloatVector.fromArray(F, b, bk + 2 * FL);
            FloatVector b3 = FloatVector.fromArray(F, b, bk + 3 * FL);
            FloatVector a = FloatVector.broadcast(F, xs[o0 + p]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(F, xs[o1 + p]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(F, xs[o2 + p]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(F, xs[o3 + p]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
        }
        c00.intoArray(c, cr);
        c01.intoArray(c, cr + FL);
        c02.intoArray(c, cr + 2 * FL);
        c03.intoArray(c, cr + 3 * FL);
        c10.intoArray(c, cr + n);
        c11.intoArray(c, cr + n + FL);
        c12.intoArray(c, cr + n + 2 * FL);
        c13.intoArray(c, cr + n + 3 * FL);
        c20.intoArray(c, cr + 2 * n);
        c21.intoArray(c, cr + 2 * n + FL);
        c22.intoArray(c, cr + 2 * n + 2 * FL);
        c23.intoArray(c, cr + 2 * n + 3 * FL);
        c30.intoArray(c, cr + 3 * n);
        c31.intoArray(c, cr + 3 * n + FL);
        c32.intoArray(c, cr + 3 * n + 2 * FL);
        c33.intoArray(c, cr + 3 * n + 3 * FL);
    }

    private static void tile1x4(float[] xs, int o, int[] pos, int kn, float[] b, int co, int n, float[] c, int cr) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        for (int k = 0; k < kn; k++) {
            int bk = k * n + co;
            FloatVector a = FloatVector.broadcast(F, xs[o + pos[k]]);
            c0 = a.fma(FloatVector.fromArray(F, b, bk), c0);
            c1 = a.fma(FloatVector.fromArray(F, b, bk + FL), c1);
            c2 = a.fma(FloatVector.fromArray(F, b, bk + 2 * FL), c2);
            c3 = a.fma(FloatVector.fromArray(F, b, bk + 3 * FL), c3);
        }
        c0.intoArray(c, cr);
        c1.intoArray(c, cr + FL);
        c2.intoArray(c, cr + 2 * FL);
        c3.intoArray(c, cr + 3 * FL);
    }
}
