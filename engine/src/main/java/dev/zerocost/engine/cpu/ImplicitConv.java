package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 convolution forward and weight gradient of one sample without an im2col matrix: the
 * GEMM tiles of {@link VectorGemm} read their column-matrix vectors straight from the
 * zero-bordered sample ({@link PaddedIm2col#pad}). Row r = (c, i, j) of the column matrix, at
 * output positions [q, q + lanes) of one output row, is the contiguous run xp[c][oh + i][ow + j ..],
 * so this applies when the output width is a multiple of the vector length. Each output element is
 * the same chain of fused multiply-adds, in the same order, as im2col + {@code VectorGemm.gemm}
 * (forward) or {@code VectorGemm.gemmNT} (weight gradient), so those results are bit-identical;
 * the exception is the 3x3 weight gradient on rows of two or more vectors, which takes output rows
 * in pairs ({@link #rowPairs}).
 * The input gradient (the adjoint) is {@link ConvAdjoint}.
 */
final class ImplicitConv {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();

    private ImplicitConv() {
    }

    static boolean applies(Geometry.Conv2d g) {
        return g.stride() == 1 && g.wOut() % FL == 0 && !(g.kh() == 1 && g.kw() == 1 && g.padding() == 0);
    }

    /**
     * Where one sample's column matrix lies in a source array: row r = (c, i, j) starts at
     * {@code rows[r]}, and vector v of output positions (FL of them) at {@code positions[v]} past
     * that. Depends on the geometry only, so a convolution builds it once for all its samples.
     */
    record Columns(int[] rows, int[] positions, int width) {
        int positionCount() {
            return positions.length * FL;
        }
    }

    /** The column matrix in the zero-bordered sample of {@link PaddedIm2col#pad}. */
    static Columns padded(Geometry.Conv2d g) {
        int wp = g.w() + 2 * g.padding();
        int[] rows = paddedRows(g);
        int[] positions = new int[g.hOut() * g.wOut() / FL];
        for (int v = 0; v < positions.length; v++) {
            int q = v * FL;
            positions[v] = (q / g.wOut()) * wp + q % g.wOut();
        }
        return new Columns(rows, positions, g.wOut());
    }

    /** Offset of column-matrix row r = (c, i, j) in the zero-bordered sample: xp[c][i][j]. */
    static int[] paddedRows(Geometry.Conv2d g) {
        int wp = g.w() + 2 * g.padding();
        int plane = (g.h() + 2 * g.padding()) * wp;
        int[] rows = new int[g.cin() * g.kh() * g.kw()];
        int r = 0;
        for (int c = 0; c < g.cin(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    rows[r++] = c * plane + i * wp + j;
                }
            }
        }
        return rows;
    }

    /**
     * "Same" stride-1 convolutions whose output width is no multiple of the vector length (8x8
     * planes with 16 lanes) but whose plane is: one copy of the sample per kernel column j, shifted
     * by j - padding with zeros shifted in and padding zero rows above and below,
     * xs[j][c][padding + y][x] = x[c][y][x + j - padding]. Row (c, i, j) of the column matrix is
     * then the contiguous run xs[j][c][i..][0..hw), rows of the output included.
     */
    static boolean appliesShifted(Geometry.Conv2d g) {
        return g.stride() == 1 && g.wOut() == g.w() && g.hOut() == g.h() && (g.hOut() * g.wOut()) % FL == 0
                && !(g.kh() == 1 && g.kw() == 1 && g.padding() == 0);
    }

    static int shiftedSize(Geometry.Conv2d g) {
        return g.kw() * g.cin() * (g.h() + 2 * g.padding()) * g.w();
    }

    /** The kw shifted copies of sample x[xOff..] (see {@link #appliesShifted}). */
    static void shift(float[] x, int xOff, Geometry.Conv2d g, float[] xs) {
        int w = g.w();
        int p = g.padding();
        int plane = (g.h() + 2 * p) * w;
        java.util.Arrays.fill(xs, 0, shiftedSize(g), 0f);
        for (int j = 0; j < g.kw(); j++) {
            int s = j - p; // xs column x reads input column x + s
            int lo = Math.max(0, -s);
            int hi = Math.min(w, w - s);
            for (int c = 0; c < g.cin(); c++) {
                for (int y = 0; y < g.h(); y++) {
                    System.arraycopy(x, xOff + (c * g.h() + y) * w + lo + s, xs,
                            (j * g.cin() + c) * plane + (y + p) * w + lo, hi - lo);
                }
            }
        }
    }

    /** The column matrix in the shifted copies of {@link #shift}. */
    static Columns shifted(Geometry.Conv2d g) {
        int plane = (g.h() + 2 * g.padding()) * g.w();
        int[] rows = new int[g.cin() * g.kh() * g.kw()];
        int r = 0;
        for (int c = 0; c < g.cin(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    rows[r++] = (j * g.cin() + c) * plane + i * g.w();
                }
            }
        }
        int[] positions = new int[g.hOut() * g.wOut() / FL];
        for (int v = 0; v < positions.length; v++) {
            positions[v] = v * FL;
        }
        return new Columns(rows, positions, g.wOut());
    }

    /** out[outOff + co*hw + q] = sum over r of w[co][r] * col[r][q], col read from src through cols. */
    static void forward(float[] w, float[] src, Columns cols, int cout, float[] out, int outOff) {
        int[] offs = cols.rows();
        int[] pos = cols.positions();
        int k = offs.length;
        int hw = cols.positionCount();
        for (int v0 = 0; v0 < pos.length; v0 += 4) {
            int vectors = Math.min(4, pos.length - v0);
            int q = v0 * FL;
            int co = 0;
            if (vectors == 4) {
                for (; co + 4 <= cout; co += 4) {
                    tile4x4(w, co * k, k, src, offs, pos[v0], pos[v0 + 1], pos[v0 + 2], pos[v0 + 3], out,
                            outOff + co * hw + q, hw);
                }
            }
            for (; co < cout; co++) {
                for (int v = 0; v < vectors; v++) {
                    row1x1(w, co * k, k, src, offs, pos[v0 + v], out, outOff + co * hw + q + v * FL);
                }
            }
        }
    }

    private static void tile4x4(float[] a, int ar, int k, float[] xp, int[] offs, int b0, int b1, int b2, int b3,
                                float[] c, int cr, int n) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < k; p++) {
            int o = offs[p];
            FloatVector v0 = FloatVector.fromArray(F, xp, o + b0);
            FloatVector v1 = FloatVector.fromArray(F, xp, o + b1);
            FloatVector v2 = FloatVector.fromArray(F, xp, o + b2);
            FloatVector v3 = FloatVector.fromArray(F, xp, o + b3);
            FloatVector x = FloatVector.broadcast(F, a[ar + p]);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            c02 = x.fma(v2, c02);
            c03 = x.fma(v3, c03);
            x = FloatVector.broadcast(F, a[ar + k + p]);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            c12 = x.fma(v2, c12);
            c13 = x.fma(v3, c13);
            x = FloatVector.broadcast(F, a[ar + 2 * k + p]);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            c22 = x.fma(v2, c22);
            c23 = x.fma(v3, c23);
            x = FloatVector.broadcast(F, a[ar + 3 * k + p]);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
            c32 = x.fma(v2, c32);
            c33 = x.fma(v3, c33);
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

    private static void row1x1(float[] a, int ar, int k, float[] xp, int[] offs, int b, float[] c, int cr) {
        FloatVector s = FloatVector.zero(F);
        for (int p = 0; p < k; p++) {
            s = FloatVector.broadcast(F, a[ar + p]).fma(FloatVector.fromArray(F, xp, offs[p] + b), s);
        }
        s.intoArray(c, cr);
    }

    /**
     * acc [cout][k] (+)= gy [cout][hw] x col^T summed over {@code count} samples (output gradient of
     * sample s at gyOffs[s], its bordered copy in xps[s]). Each element's lanes run one FMA chain
     * through the samples in turn and are summed once at the end: a dot product over 16x16 or
     * 32x32 positions has only 16..64 vector steps, so summing 16 lanes per sample cost more than
     * the multiplies. With count 1 this is one sample's gradient as {@code VectorGemm.gemmNT}
     * computes it on the im2col matrix, bit for bit, except where 3x3 kernels take output rows in
     * pairs on rows of two or more vectors (the same terms, each chain in another order).
     */
    static void weightGrad(float[] gy, int[] gyOffs, float[][] xps, int count, Columns layout, int cout, float[] acc,
                           boolean accumulate) {
        int[] offs = layout.rows();
        int[] pos = layout.positions();
        int k = offs.length;
        int hw = layout.positionCount();
        float[] out = new float[18];
        int[] rowOffs = new int[count];
        int[] pairs = k % 9 == 0 && cout % 2 == 0 && kernel3x3(offs) ? rowPairs(pos, layout.width(), offs[3] - offs[0])
                : null;
        if (pairs != null) {
            for (int co = 0; co < cout; co += 2) {
                for (int s = 0; s < count; s++) {
                    rowOffs[s] = gyOffs[s] + co * hw;
                }
                for (int r = 0; r < k; r += 9) {
                    dot2x9Pairs(gy, rowOffs, layout.width(), xps, count, offs[r], offs[r + 3] - offs[r], pos, pairs, hw, out);
                    for (int a = 0; a < 2; a++) {
                        int at = (co + a) * k + r;
                        for (int b = 0; b < 9; b++) {
                            acc[at + b] = accumulate ? acc[at + b] + out[a * 9 + b] : out[a * 9 + b];
                        }
                    }
                }
            }
            return;
        }
        for (int co = 0; co < cout; co += 4) {
            int rows = Math.min(4, cout - co);
            for (int s = 0; s < count; s++) {
                rowOffs[s] = gyOffs[s] + co * hw;
            }
            for (int r = 0; r < k; r += 4) {
                int cols = Math.min(4, k - r);
                if (rows == 4 && cols == 4) {
                    dot4x4(gy, rowOffs, hw, xps, count, offs[r], offs[r + 1], offs[r + 2], offs[r + 3], pos, out);
                } else if (rows == 4) {
                    for (int b = 0; b < cols; b++) {
                        dot4x1(gy, rowOffs, hw, xps, count, offs[r + b], pos, out, b);
                    }
                } else {
                    for (int a = 0; a < rows; a++) {
                        for (int b = 0; b < cols; b++) {
                            out[a * 4 + b] = dot(gy, rowOffs, a * hw, xps, count, offs[r + b], pos);
                        }
                    }
                }
                for (int a = 0; a < rows; a++) {
                    int at = (co + a) * k + r;
                    for (int b = 0; b < cols; b++) {
                        acc[at + b] = accumulate ? acc[at + b] + out[a * 4 + b] : out[a * 4 + b];
                    }
                }
            }
        }
    }

    /**
     * Whether rows come in 3x3 kernels, row (c, i, j) at rows[9c] + i*wp + j: a 3x3 convolution's
     * bordered layout ({@link #padded}), where one input channel's nine rows are shifted views of
     * the same bordered plane.
     */
    private static boolean kernel3x3(int[] rows) {
        int wp = rows.length >= 9 ? rows[3] - rows[0] : 0;
        for (int r = 0; r < rows.length; r++) {
            int base = rows[r - r % 9];
            if (rows[r] != base + (r % 9) / 3 * wp + r % 3) {
                return false;
            }
        }
        return wp > 0;
    }

    /**
     * Indices of the first vectors of output row pairs (rows 2i, 2i + 1), or null where the row
     * count is odd or rows are not wp apart in the bordered input.
     */
    static int[] rowPairs(int[] pos, int wOut, int wp) {
        if (wOut % FL != 0) {
            return null;
        }
        int perRow = wOut / FL;
        int rows = pos.length / perRow;
        if (rows % 2 != 0) {
            return null;
        }
        int[] firsts = new int[pos.length / 2];
        int i = 0;
        for (int row = 0; row < rows; row += 2) {
            for (int c = 0; c < perRow; c++) {
                int v = row * perRow + c;
                if (pos[v + perRow] != pos[v] + wp) {
                    return null;
                }
                firsts[i++] = v;
            }
        }
        return firsts;
    }

    /**
     * out[a*9 + b] for output channels a in [0, 2) and the nine rows b = 3i + j of one input
     * channel's 3x3 kernel, row b at o + i*wp + j (shifted views of one bordered plane), two output
     * rows at a time: position vectors A (row y) and B (row y + 1, gy wOut further, bordered input
     * wp further) share the bordered rows y + 1 and y + 2, so 12 input loads and 4 gradient loads
     * feed 36 FMAs ({@link #dot4x4} needs 8 per 16). Each element's lanes run one FMA chain through
     * the samples, positions A, B of each pair in turn; on rows one vector wide that is
     * {@link #dot4x4}'s order. Odd row counts take {@link #dot4x4}.
     */
    private static void dot2x9Pairs(float[] gy, int[] rowOffs, int wOut, float[][] xps, int count, int o, int wp,
                                    int[] pos, int[] pairs, int hw, float[] out) {
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s04 = z, s05 = z, s06 = z, s07 = z, s08 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z, s14 = z, s15 = z, s16 = z, s17 = z, s18 = z;
        int steps = pairs.length;
        int n = 0;
        int v = 0;
        float[] xp = xps[0];
        int gr = rowOffs[0];
        int o1 = o + wp;
        int o2 = o + 2 * wp;
        int o3 = o + 3 * wp;
        for (int t = count * steps; t > 0; t--) {
            int first = pairs[v];
            int q = gr + first * FL;
            int p = pos[first];
            FloatVector a0 = FloatVector.fromArray(F, gy, q);
            FloatVector a1 = FloatVector.fromArray(F, gy, q + hw);
            FloatVector c0 = FloatVector.fromArray(F, gy, q + wOut);
            FloatVector c1 = FloatVector.fromArray(F, gy, q + wOut + hw);
            FloatVector b = FloatVector.fromArray(F, xp, o + p);
            s00 = a0.fma(b, s00);
            s10 = a1.fma(b, s10);
            b = FloatVector.fromArray(F, xp, o + p + 1);
            s01 = a0.fma(b, s01);
            s11 = a1.fma(b, s11);
            b = FloatVector.fromArray(F, xp, o + p + 2);
            s02 = a0.fma(b, s02);
            s12 = a1.fma(b, s12);
            b = FloatVector.fromArray(F, xp, o1 + p);
            s00 = c0.fma(b, s00);
            s10 = c1.fma(b, s10);
            s03 = a0.fma(b, s03);
            s13 = a1.fma(b, s13);
            b = FloatVector.fromArray(F, xp, o1 + p + 1);
            s01 = c0.fma(b, s01);
            s11 = c1.fma(b, s11);
            s04 = a0.fma(b, s04);
            s14 = a1.fma(b, s14);
            b = FloatVector.fromArray(F, xp, o1 + p + 2);
            s02 = c0.fma(b, s02);
            s12 = c1.fma(b, s12);
            s05 = a0.fma(b, s05);
            s15 = a1.fma(b, s15);
            b = FloatVector.fromArray(F, xp, o2 + p);
            s03 = c0.fma(b, s03);
            s13 = c1.fma(b, s13);
            s06 = a0.fma(b, s06);
            s16 = a1.fma(b, s16);
            b = FloatVector.fromArray(F, xp, o2 + p + 1);
            s04 = c0.fma(b, s04);
            s14 = c1.fma(b, s14);
            s07 = a0.fma(b, s07);
            s17 = a1.fma(b, s17);
            b = FloatVector.fromArray(F, xp, o2 + p + 2);
            s05 = c0.fma(b, s05);
            s15 = c1.fma(b, s15);
            s08 = a0.fma(b, s08);
            s18 = a1.fma(b, s18);
            b = FloatVector.fromArray(F, xp, o3 + p);
            s06 = c0.fma(b, s06);
            s16 = c1.fma(b, s16);
            b = FloatVector.fromArray(F, xp, o3 + p + 1);
            s07 = c0.fma(b, s07);
            s17 = c1.fma(b, s17);
            b = FloatVector.fromArray(F, xp, o3 + p + 2);
            s08 = c0.fma(b, s08);
            s18 = c1.fma(b, s18);
            if (++v == steps && t > 1) {
                v = 0;
                n++;
                xp = xps[n];
                gr = rowOffs[n];
            }
        }
        out[0] = s00.reduceLanes(VectorOperators.ADD);
        out[1] = s01.reduceLanes(VectorOperators.ADD);
        out[2] = s02.reduceLanes(VectorOperators.ADD);
        out[3] = s03.reduceLanes(VectorOperators.ADD);
        out[4] = s04.reduceLanes(VectorOperators.ADD);
        out[5] = s05.reduceLanes(VectorOperators.ADD);
        out[6] = s06.reduceLanes(VectorOperators.ADD);
        out[7] = s07.reduceLanes(VectorOperators.ADD);
        out[8] = s08.reduceLanes(VectorOperators.ADD);
        out[9] = s10.reduceLanes(VectorOperators.ADD);
        out[10] = s11.reduceLanes(VectorOperators.ADD);
        out[11] = s12.reduceLanes(VectorOperators.ADD);
        out[12] = s13.reduceLanes(VectorOperators.ADD);
        out[13] = s14.reduceLanes(VectorOperators.ADD);
        out[14] = s15.reduceLanes(VectorOperators.ADD);
        out[15] = s16.reduceLanes(VectorOperators.ADD);
        out[16] = s17.reduceLanes(VectorOperators.ADD);
        out[17] = s18.reduceLanes(VectorOperators.ADD);
    }

    private static float dot(float[] gy, int[] rowOffs, int shift, float[][] xps, int count, int o, int[] pos) {
        FloatVector s = FloatVector.zero(F);
        for (int n = 0; n < count; n++) {
            float[] xp = xps[n];
            int gr = rowOffs[n] + shift;
            for (int v = 0; v < pos.length; v++) {
                s = FloatVector.fromArray(F, gy, gr + v * FL).fma(FloatVector.fromArray(F, xp, o + pos[v]), s);
            }
        }
        return s.reduceLanes(VectorOperators.ADD);
    }

    /** out[a*4 + b] for a in [0, 4): {@link #dot4x4} for one column-matrix row (a stem's 27 rows end in 3). */
    private static void dot4x1(float[] gy, int[] rowOffs, int hw, float[][] xps, int count, int o, int[] pos,
                               float[] out, int b) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int steps = pos.length;
        int n = 0;
        int v = 0;
        float[] xp = xps[0];
        int gr = rowOffs[0];
        for (int t = count * steps; t > 0; t--) {
            int q = gr + v * FL;
            FloatVector x = FloatVector.fromArray(F, xp, o + pos[v]);
            s0 = FloatVector.fromArray(F, gy, q).fma(x, s0);
            s1 = FloatVector.fromArray(F, gy, q + hw).fma(x, s1);
            s2 = FloatVector.fromArray(F, gy, q + 2 * hw).fma(x, s2);
            s3 = FloatVector.fromArray(F, gy, q + 3 * hw).fma(x, s3);
            if (++v == steps && t > 1) {
                v = 0;
                n++;
                xp = xps[n];
                gr = rowOffs[n];
            }
        }
        out[b] = s0.reduceLanes(VectorOperators.ADD);
        out[4 + b] = s1.reduceLanes(VectorOperators.ADD);
        out[8 + b] = s2.reduceLanes(VectorOperators.ADD);
        out[12 + b] = s3.reduceLanes(VectorOperators.ADD);
    }

    /**
     * out[a*4 + b] = row a of gy (at rowOffs[s], stride hw) . column-matrix row at offset o_b of
     * xps[s], summed over the samples s; one loop whose sample advances when v wraps (nested
     * loops made the JIT box a 4x4 tile's vectors elsewhere).
     */
    private static void dot4x4(float[] gy, int[] rowOffs, int hw, float[][] xps, int count, int o0, int o1, int o2,
                               int o3, int[] pos, float[] out) {
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
        int steps = pos.length;
        int n = 0;
        int v = 0;
        float[] xp = xps[0];
        int gr = rowOffs[0];
        for (int t = count * steps; t > 0; t--) {
            int q = gr + v * FL;
            int p = pos[v];
            FloatVector b0 = FloatVector.fromArray(F, xp, o0 + p);
            FloatVector b1 = FloatVector.fromArray(F, xp, o1 + p);
            FloatVector b2 = FloatVector.fromArray(F, xp, o2 + p);
            FloatVector b3 = FloatVector.fromArray(F, xp, o3 + p);
            FloatVector x = FloatVector.fromArray(F, gy, q);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            s03 = x.fma(b3, s03);
            x = FloatVector.fromArray(F, gy, q + hw);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            s13 = x.fma(b3, s13);
            x = FloatVector.fromArray(F, gy, q + 2 * hw);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            s23 = x.fma(b3, s23);
            x = FloatVector.fromArray(F, gy, q + 3 * hw);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
            s33 = x.fma(b3, s33);
            if (++v == steps && t > 1) {
                v = 0;
                n++;
                xp = xps[n];
                gr = rowOffs[n];
            }
        }
        out[0] = s00.reduceLanes(VectorOperators.ADD);
        out[1] = s01.reduceLanes(VectorOperators.ADD);
        out[2] = s02.reduceLanes(VectorOperators.ADD);
        out[3] = s03.reduceLanes(VectorOperators.ADD);
        out[4] = s10.reduceLanes(VectorOperators.ADD);
        out[5] = s11.reduceLanes(VectorOperators.ADD);
        out[6] = s12.reduceLanes(VectorOperators.ADD);
        out[7] = s13.reduceLanes(VectorOperators.ADD);
        out[8] = s20.reduceLanes(VectorOperators.ADD);
        out[9] = s21.reduceLanes(VectorOperators.ADD);
        out[10] = s22.reduceLanes(VectorOperators.ADD);
        out[11] = s23.reduceLanes(VectorOperators.ADD);
        out[12] = s30.reduceLanes(VectorOperators.ADD);
        out[13] = s31.reduceLanes(VectorOperators.ADD);
        out[14] = s32.reduceLanes(VectorOperators.ADD);
        out[15] = s33.reduceLanes(VectorOperators.ADD);
    }
}
