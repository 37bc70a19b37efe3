package dev.zerocost.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link CpuGemm} GEMMs written with {@code jdk.incubator.vector}: a register tile of 4 rows
 * by 4 vectors of C, with the k loop innermost (A broadcast, B rows loaded, fused multiply-add).
 * Same signatures and results contract as {@code CpuGemm}; loaded only through
 * {@link CpuKernels} when the module is present. Columns past the last whole vector run scalar.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    /** k block of the float32 GEMM: a B panel of KB rows by 4 vectors stays in L1/L2. */
    private static final int KB = 256;
    /** The starting tile of an overwritten C: every row reads the same zero vectors. */
    private static final float[] ZERO = new float[4 * FL];

    private VectorGemm() {
    }

    static int floatLanes() {
        return FL;
    }

    /** C rows [i0, i1) of A[.][k] B[k][n] into C[.][n], float32 FMA; C is overwritten unless accumulate. */
    static void gemm(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                     int n, int k, boolean accumulate, int i0, int i1) {
        // Where the 4x4 tiles cover C, an overwritten C starts its first k block from ZERO rather
        // than from loads of C (data, not a branch in the tile: a late-flipping load-or-zero branch
        // would deoptimise the tile into slow, boxing code for a while). Loading C also stalled
        // when its rows are a multiple of 4 KB apart (1x1 convolutions on 32x32 planes): each
        // tile's loads then share their address bits with the stores of the tile 4 rows above.
        boolean tiled = (i1 - i0) % 4 == 0 && n % (4 * FL) == 0;
        if (!accumulate && (!tiled || k == 0)) {
            java.util.Arrays.fill(c, cOff + i0 * n, cOff + i1 * n, 0f);
        }
        int nv = n - n % FL;
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            boolean fresh = !accumulate && p0 == 0;
            int j = 0;
            for (; j + 4 * FL <= nv; j += 4 * FL) {
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    int cr = cOff + i * n + j;
                    tile4x4(a, aOff + i * k, k, b, bOff + j, n, fresh ? ZERO : c, fresh ? 0 : cr, fresh ? 0 : n, c, cr, p0, p1);
                }
                for (; i < i1; i++) {
                    for (int v = 0; v < 4; v++) {
                        row1x1(a, aOff + i * k, b, bOff + j + v * FL, n, c, cOff + i * n + j + v * FL, p0, p1);
                    }
                }
            }
            for (; j < nv; j += FL) {
                for (int i = i0; i < i1; i++) {
                    row1x1(a, aOff + i * k, b, bOff + j, n, c, cOff + i * n + j, p0, p1);
                }
            }
            for (int i = i0; i < i1; i++) {
                for (int jj = nv; jj < n; jj++) {
                    float s = c[cOff + i * n + jj];
                    for (int p = p0; p < p1; p++) {
                        s += a[aOff + i * k + p] * b[bOff + p * n + jj];
                    }
                    c[cOff + i * n + jj] = s;
                }
            }
        }
    }

    /**
     * C[4 rows][4 vectors] at cr (row stride n) = the same tile of s (at sr, row stride sn: C
     * itself, or ZERO with stride 0) + A rows x B rows over p in [p0, p1).
     */
    private static void tile4x4(float[] a, int ar, int k, float[] b, int bc, int n, float[] s, int sr, int sn,
                                float[] c, int cr, int p0, int p1) {
        FloatVector c00 = FloatVector.fromArray(F, s, sr);
        FloatVector c01 = FloatVector.fromArray(F, s, sr + FL);
        FloatVector c02 = FloatVector.fromArray(F, s, sr + 2 * FL);
        FloatVector c03 = FloatVector.fromArray(F, s, sr + 3 * FL);
        FloatVector c10 = FloatVector.fromArray(F, s, sr + sn);
        FloatVector c11 = FloatVector.fromArray(F, s, sr + sn + FL);
        FloatVector c12 = FloatVector.fromArray(F, s, sr + sn + 2 * FL);
        FloatVector c13 = FloatVector.fromArray(F, s, sr + sn + 3 * FL);
        FloatVector c20 = FloatVector.fromArray(F, s, sr + 2 * sn);
        FloatVector c21 = FloatVector.fromArray(F, s, sr + 2 * sn + FL);
        FloatVector c22 = FloatVector.fromArray(F, s, sr + 2 * sn + 2 * FL);
        FloatVector c23 = FloatVector.fromArray(F, s, sr + 2 * sn + 3 * FL);
        FloatVector c30 = FloatVector.fromArray(F, s, sr + 3 * sn);
        FloatVector c31 = FloatVector.fromArray(F, s, sr + 3 * sn + FL);
        FloatVector c32 = FloatVector.fromArray(F, s, sr + 3 * sn + 2 * FL);
        FloatVector c33 = FloatVector.fromArray(F, s, sr + 3 * sn + 3 * FL);
        for (int p = p0; p < p1; p++) {
            int bp = bc + p * n;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + FL);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * FL);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * FL);
            FloatVector x = FloatVector.broadcast(F, a[ar + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F, a[ar + k + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F, a[ar + 2 * k + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F, a[ar + 3 * k + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
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

    /** One row by one vector of C: the edge of the 4x4 tiling. */
    private static void row1x1(float[] a, int ar, float[] b, int bc, int n, float[] c, int cr,
                               int p0, int p1) {
        FloatVector s = FloatVector.fromArray(F, c, cr);
        for (int p = p0; p < p1; p++) {
            s = FloatVector.broadcast(F, a[ar + p]).fma(FloatVector.fromArray(F, b, bc + p * n), s);
        }
        s.intoArray(c, cr);
    }

    /**
     * C rows [i0, i1) (+)= A[.][k] B[n][k]^T: every element a dot product of two contiguous rows,
     * 4 x 4 of them at a time, lanes summed at the end. The convolution weight gradient
     * gy [cout][hw] x col^T needs no transposed copy of col this way.
     */
    static void gemmNT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                       int n, int k, boolean accumulate, int i0, int i1) {
        float[] out = new float[16];
        for (int i = i0; i < i1; i += 4) {
            int rows = Math.min(4, i1 - i);
            for (int j = 0; j < n; j += 4) {
                int cols = Math.min(4, n - j);
                if (rows == 4 && cols == 4) {
                    dot4x4(a, aOff + i * k, b, bOff + j * k, k, out);
                } else {
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < cols; q++) {
                            out[r * 4 + q] = dot(a, aOff + (i + r) * k, b, bOff + (j + q) * k, k);
                        }
                    }
                }
                for (int r = 0; r < rows; r++) {
                    int co = cOff + (i + r) * n + j;
                    for (int q = 0; q < cols; q++) {
                        c[co + q] = accumulate ? c[co + q] + out[r * 4 + q] : out[r * 4 + q];
                    }
                }
            }
        }
    }

    private static float dot(float[] a, int ar, float[] b, int br, int k) {
        int kv = k - k % FL;
        FloatVector s = FloatVector.zero(F);
        for (int p = 0; p < kv; p += FL) {
            s = FloatVector.fromArray(F, a, ar + p).fma(FloatVector.fromArray(F, b, br + p), s);
        }
        float t = s.reduceLanes(VectorOperators.ADD);
        for (int p = kv; p < k; p++) {
            t += a[ar + p] * b[br + p];
        }
        return t;
    }

    /** out[r*4 + q] = row r of A (at ar, stride k) . row q of B (at br, stride k). */
    private static void dot4x4(float[] a, int ar, float[] b, int br, int k, float[] out) {
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
        int kv = k - k % FL;
        for (int p = 0; p < kv; p += FL) {
            FloatVector b0 = FloatVector.fromArray(F, b, br + p);
            FloatVector b1 = FloatVector.fromArray(F, b, br + k + p);
            FloatVector b2 = FloatVector.fromArray(F, b, br + 2 * k + p);
            FloatVector b3 = FloatVector.fromArray(F, b, br + 3 * k + p);
            FloatVector x = FloatVector.fromArray(F, a, ar + p);
            s00 = x.fma(b0, s00);
            s01 = x.fma(b1, s01);
            s02 = x.fma(b2, s02);
            s03 = x.fma(b3, s03);
            x = FloatVector.fromArray(F, a, ar + k + p);
            s10 = x.fma(b0, s10);
            s11 = x.fma(b1, s11);
            s12 = x.fma(b2, s12);
            s13 = x.fma(b3, s13);
            x = FloatVector.fromArray(F, a, ar + 2 * k + p);
            s20 = x.fma(b0, s20);
            s21 = x.fma(b1, s21);
            s22 = x.fma(b2, s22);
            s23 = x.fma(b3, s23);
            x = FloatVector.fromArray(F, a, ar + 3 * k + p);
            s30 = x.fma(b0, s30);
            s31 = x.fma(b1, s31);
            s32 = x.fma(b2, s32);
            s33 = x.fma(b3, s33);
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
        for (int p = kv; p < k; p++) {
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 4; q++) {
                    out[r * 4 + q] += a[ar + r * k + p] * b[br + q * k + p];
                }
            }
        }
    }

    /** The float64 twin of the float32 {@code gemm}: same blocking, 4 x 4 tile of double FMAs. */
    static void gemm(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                     int n, int k, boolean accumulate, int i0, int i1) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff + i0 * n, cOff + i1 * n, 0.0);
        }
        int nv = n - n % DL;
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            int j = 0;
            for (; j + 4 * DL <= nv; j += 4 * DL) {
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    tile4x4(a, aOff + i * k, k, b, bOff + j, n, c, cOff + i * n + j, p0, p1);
                }
                for (; i < i1; i++) {
                    for (int v = 0; v < 4; v++) {
                        row1x1(a, aOff + i * k, b, bOff + j + v * DL, n, c, cOff + i * n + j + v * DL, p0, p1);
                    }
                }
            }
            for (; j < nv; j += DL) {
                for (int i = i0; i < i1; i++) {
                    row1x1(a, aOff + i * k, b, bOff + j, n, c, cOff + i * n + j, p0, p1);
                }
            }
            for (int i = i0; i < i1; i++) {
                for (int jj = nv; jj < n; jj++) {
                    double s = c[cOff + i * n + jj];
                    for (int p = p0; p < p1; p++) {
                        s += a[aOff + i * k + p] * b[bOff + p * n + jj];
                    }
                    c[cOff + i * n + jj] = s;
                }
            }
        }
    }

    private static void tile4x4(double[] a, int ar, int k, double[] b, int bc, int n, double[] c, int cr,
                                int p0, int p1) {
        DoubleVector c00 = DoubleVector.fromArray(D, c, cr);
        DoubleVector c01 = DoubleVector.fromArray(D, c, cr + DL);
        DoubleVector c02 = DoubleVector.fromArray(D, c, cr + 2 * DL);
        DoubleVector c03 = DoubleVector.fromArray(D, c, cr + 3 * DL);
        DoubleVector c10 = DoubleVector.fromArray(D, c, cr + n);
        DoubleVector c11 = DoubleVector.fromArray(D, c, cr + n + DL);
        DoubleVector c12 = DoubleVector.fromArray(D, c, cr + n + 2 * DL);
        DoubleVector c13 = DoubleVector.fromArray(D, c, cr + n + 3 * DL);
        DoubleVector c20 = DoubleVector.fromArray(D, c, cr + 2 * n);
        DoubleVector c21 = DoubleVector.fromArray(D, c, cr + 2 * n + DL);
        DoubleVector c22 = DoubleVector.fromArray(D, c, cr + 2 * n + 2 * DL);
        DoubleVector c23 = DoubleVector.fromArray(D, c, cr + 2 * n + 3 * DL);
        DoubleVector c30 = DoubleVector.fromArray(D, c, cr + 3 * n);
        DoubleVector c31 = DoubleVector.fromArray(D, c, cr + 3 * n + DL);
        DoubleVector c32 = DoubleVector.fromArray(D, c, cr + 3 * n + 2 * DL);
        DoubleVector c33 = DoubleVector.fromArray(D, c, cr + 3 * n + 3 * DL);
        for (int p = p0; p < p1; p++) {
            int bp = bc + p * n;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bp + DL);
            DoubleVector b2 = DoubleVector.fromArray(D, b, bp + 2 * DL);
            DoubleVector b3 = DoubleVector.fromArray(D, b, bp + 3 * DL);
            DoubleVector x = DoubleVector.broadcast(D, a[ar + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = DoubleVector.broadcast(D, a[ar + k + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = DoubleVector.broadcast(D, a[ar + 2 * k + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = DoubleVector.broadcast(D, a[ar + 3 * k + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, cr);
        c01.intoArray(c, cr + DL);
        c02.intoArray(c, cr + 2 * DL);
        c03.intoArray(c, cr + 3 * DL);
        c10.intoArray(c, cr + n);
        c11.intoArray(c, cr + n + DL);
        c12.intoArray(c, cr + n + 2 * DL);
        c13.intoArray(c, cr + n + 3 * DL);
        c20.intoArray(c, cr + 2 * n);
        c21.intoArray(c, cr + 2 * n + DL);
        c22.intoArray(c, cr + 2 * n + 2 * DL);
        c23.intoArray(c, cr + 2 * n + 3 * DL);
        c30.intoArray(c, cr + 3 * n);
        c31.intoArray(c, cr + 3 * n + DL);
        c32.intoArray(c, cr + 3 * n + 2 * DL);
        c33.intoArray(c, cr + 3 * n + 3 * DL);
    }

    private static void row1x1(double[] a, int ar, double[] b, int bc, int n, double[] c, int cr, int p0, int p1) {
        DoubleVector s = DoubleVector.fromArray(D, c, cr);
        for (int p = p0; p < p1; p++) {
            s = DoubleVector.broadcast(D, a[ar + p]).fma(DoubleVector.fromArray(D, b, bc + p * n), s);
        }
        s.intoArray(c, cr);
    }
}
