package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 3x3 convolutions (stride 1, padding 1) through Winograd F(2, 3) along the rows only:
 * each pair of output rows 2t, 2t + 1 is computed from the four input rows 2t - 1 .. 2t + 2 as
 * y0 = m0 + m1 + m2 and y1 = m1 - m2 - m3, with m_p = sum over (ci, j) of U_p[co][ci][j] times
 * row p of B^T d shifted by kernel column j (U_p = G applied to kernel column j). The four
 * products m_p are 1x3 convolutions of half-height planes, which {@link ImplicitConv}'s register
 * tiles run straight from zero-bordered rows: 6/9 of the direct convolution's multiply-adds, and
 * the transforms are adds of whole rows (no lane permutes, unlike {@link Winograd}'s 2-D tiles).
 * The input gradient is the same convolution of gy with the flipped, transposed kernel. Applies
 * where the plane width is a multiple of the vector length and the height is even.
 */
final class RowWinograd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    /** Read instead of the rows above and below the plane (as wide as the widest plane rows). */
    private static final float[] ZEROS = new float[1024];
    private static final Scratch SCRATCH = new Scratch(2);

    private RowWinograd() {
    }

    static boolean applies(Geometry.Conv2d g) {
        return g.kh() == 3 && g.kw() == 3 && g.stride() == 1 && g.padding() == 1 && g.h() % 2 == 0
                && g.w() % FL == 0 && g.w() <= ZEROS.length && g.hOut() == g.h() && g.wOut() == g.w();
    }

    static void forward(float[] x, float[] w, float[] out, Geometry.Conv2d g) {
        run(x, weights(w, g.cout(), g.cin(), false), out, g.n(), g.cin(), g.cout(), g.h(), g.w());
    }

    static void inputGrad(float[] gy, float[] w, float[] gx, Geometry.Conv2d g) {
        run(gy, weights(w, g.cout(), g.cin(), true), gx, g.n(), g.cout(), g.cin(), g.h(), g.w());
    }

    /**
     * u[p][(o * ins + i) * 3 + j] = row p of G times kernel column j of the kernel from input
     * channel i to output channel o: w[o][i] (forward) or w[i][o] turned by 180 degrees (the input gradient's
     * convolution from cout to cin channels). Computed in double, rounded once.
     */
    private static float[][] weights(float[] w, int cout, int cin, boolean adjoint) {
        int outs = adjoint ? cin : cout;
        int ins = adjoint ? cout : cin;
        int size = outs * ins * 3;
        float[][] u = new float[4][size];
        for (int o = 0; o < outs; o++) {
            for (int i = 0; i < ins; i++) {
                int base = adjoint ? (i * cin + o) * 9 : (o * cin + i) * 9;
                for (int j = 0; j < 3; j++) {
                    double g0 = w[base + (adjoint ? 8 - j : j)];
                    double g1 = w[base + (adjoint ? 5 - j : 3 + j)];
                    double g2 = w[base + (adjoint ? 2 - j : 6 + j)];
                    int at = (o * ins + i) * 3 + j;
                    u[0][at] = (float) g0;
                    u[1][at] = (float) (0.5 * (g0 + g1 + g2));
                    u[2][at] = (float) (0.5 * (g0 - g1 + g2));
                    u[3][at] = (float) g2;
                }
            }
        }
        return u;
    }

    /** y [n][cout][h][w] = the padded 3x3 convolution of x [n][cin][h][w] with row-transformed kernels u. */
    private static void run(float[] x, float[][] u, float[] y, int n, int cin, int cout, int h, int w) {
        int hw = h * w;
        int half = h / 2;
        int wp = w + 2;
        int vPlane = half * wp; // one input channel's bordered half-height plane
        int vSize = cin * vPlane;
        int mSize = cout * half * w;
        ImplicitConv.Columns[] cols = new ImplicitConv.Columns[4];
        for (int p = 0; p < 4; p++) {
            cols[p] = columns(cin, half, w, p * vSize);
        }
        CpuThreads.parallelFor(n, s -> {
            float[] v = SCRATCH.get(0, 4 * vSize);
            float[] m = SCRATCH.get(1, 4 * mSize);
            int xs = s * cin * hw;
            for (int ci = 0; ci < cin; ci++) {
                transformInput(x, xs + ci * hw, h, w, v, ci * vPlane, vSize);
            }
            for (int p = 0; p < 4; p++) {
                ImplicitConv.forward(u[p], v, cols[p], cout, m, p * mSize);
            }
            int ys = s * cout * hw;
            for (int co = 0; co < cout; co++) {
                transformOutput(m, co * half * w, mSize, h, w, y, ys + co * hw);
            }
        });
    }

    /** The 1x3 column matrix over the half-height bordered planes v[from + ci][t][wp]: row (ci, j) at from + ci * plane + j. */
    private static ImplicitConv.Columns columns(int cin, int half, int w, int from) {
        int wp = w + 2;
        int[] rows = new int[cin * 3];
        for (int c = 0; c < cin; c++) {
            for (int j = 0; j < 3; j++) {
                rows[c * 3 + j] = from + c * half * wp + j;
            }
        }
        int[] positions = new int[half * w / FL];
        for (int q = 0; q < positions.length; q++) {
            int at = q * FL;
            positions[q] = (at / w) * wp + at % w;
        }
        return new ImplicitConv.Columns(rows, positions, w);
    }

    /**
     * v[p * stride + off + t * wp + 1 + c] = row p of B^T (d0 - d2, d1 + d2, d2 - d1, d1 - d3) of the
     * input rows d_k = 2t - 1 + k of one plane (zero outside it); columns 0 and w + 1 stay zero.
     */
    private static void transformInput(float[] x, int plane, int h, int w, float[] v, int off, int stride) {
        int wp = w + 2;
        for (int t = 0; t < h / 2; t++) {
            int row = off + t * wp;
            for (int p = 0; p < 4; p++) {
                v[p * stride + row] = 0f;
                v[p * stride + row + w + 1] = 0f;
            }
            int r0 = plane + (2 * t - 1) * w;
            // rows outside the plane read zeros (arrays chosen, not vectors: see Winograd)
            float[] top = t == 0 ? ZEROS : x;
            float[] bottom = t == h / 2 - 1 ? ZEROS : x;
            int topAt = t == 0 ? 0 : r0;
            int bottomAt = t == h / 2 - 1 ? -3 * w : r0;
            for (int c = 0; c < w; c += FL) {
                FloatVector d0 = FloatVector.fromArray(F, top, topAt + c);
                FloatVector d1 = FloatVector.fromArray(F, x, r0 + w + c);
                FloatVector d2 = FloatVector.fromArray(F, x, r0 + 2 * w + c);
                FloatVector d3 = FloatVector.fromArray(F, bottom, bottomAt + 3 * w + c);
                int at = row + 1 + c;
                d0.sub(d2).intoArray(v, at);
                d1.add(d2).intoArray(v, stride + at);
                d2.sub(d1).intoArray(v, 2 * stride + at);
                d1.sub(d3).intoArray(v, 3 * stride + at);
            }
        }
    }

    /** Output rows 2t = m0 + m1 + m2 and 2t + 1 = m1 - m2 - m3 of one channel (m_p at off + p * stride). */
    private static void transformOutput(float[] m, int off, int stride, int h, int w, float[] y, int plane) {
        for (int t = 0; t < h / 2; t++) {
            for (int c = 0; c < w; c += FL) {
                int at = off + t * w + c;
                FloatVector m0 = FloatVector.fromArray(F, m, at);
                FloatVector m1 = FloatVector.fromArray(F, m, stride + at);
                FloatVector m2 = FloatVector.fromArray(F, m, 2 * stride + at);
                FloatVector m3 = FloatVector.fromArray(F, m, 3 * stride + at);
                m0.add(m1).add(m2).intoArray(y, plane + 2 * t * w + c);
                m1.sub(m2).sub(m3).intoArray(y, plane + (2 * t + 1) * w + c);
            }
        }
    }
}
