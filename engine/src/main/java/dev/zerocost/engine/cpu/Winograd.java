package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 3x3 convolutions (stride 1, padding 1) through Winograd F(2x2, 3x3) [Lavin and Gray,
 * 2016]: each 2x2 output tile is A^T [(G g G^T) . (B^T d B)] A of its 4x4 input patch d, so the
 * multiplications become 16 GEMMs (one per patch position) with 16/36 of the direct convolution's
 * multiply-adds. The input gradient is the same convolution of gy with the flipped, transposed
 * kernel; the weight gradient is G^T [sum over tiles (A gy A^T) . (B^T d B)] G, 16 GEMMs over the
 * tiles. Results differ from the direct convolution by rounding only (CpuBackendAgreementTest
 * holds both to the same bound against the reference).
 *
 * <p>Lanes run over tiles: one vector holds the 16 tiles of 2 output rows x 32, 4 x 16 or
 * 8 x 8 (planes 32, 16 or 8 wide), so every output vector's region of 64 floats is contiguous
 * and a patch's 16 taps are permutes of the input rows it covers. Needs 16 float lanes (AVX-512);
 * {@link CpuConv} takes its direct paths elsewhere.
 */
final class Winograd {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Tile vectors per forward chunk: GEMMs of 64 columns, VectorGemm's 4 x 4 register tile. */
    private static final int CHUNK = 4;
    /** Tiles per weight-gradient block: each block's sums are reduced once, then kept in double. */
    private static final int BLOCK_TILES = 512;
    /**
     * Floats between the 16 positions' matrices in scratch beyond their size: at multiples of
     * 4 KB apart, a tile's 16 stores fell into one L1 set.
     */
    private static final int SKEW = 16;
    /** Floats of the per-call scratch of {@link #input}, {@link #output} and {@link #gradient}. */
    private static final int TMP = 384;
    private static final Scratch SCRATCH = new Scratch(4);

    /*
     * Two-vector permutes: lane k of (a, b) takes lane L(k) of the 32 floats a then b, as
     * a.rearrange(X).blend(b.rearrange(X), X_B) with X the lanes L(k) mod 16 and X_B the lanes
     * L(k) >= 16 (JDK 17's two-vector rearrange rebuilds its shuffle on every call).
     * Tap j of tile t reads column 2t + j - 1 of the 32 floats of two source vectors.
     */
    private static final VectorShuffle<Float> TAP0 = shuffle(k -> Math.max(0, 2 * k - 1));
    private static final VectorMask<Float> TAP0_B = second(k -> Math.max(0, 2 * k - 1));
    private static final VectorShuffle<Float> EVENS = shuffle(k -> 2 * k);
    private static final VectorMask<Float> EVENS_B = second(k -> 2 * k);
    private static final VectorShuffle<Float> ODDS = shuffle(k -> 2 * k + 1);
    private static final VectorMask<Float> ODDS_B = second(k -> 2 * k + 1);
    private static final VectorShuffle<Float> TAP3 = shuffle(k -> Math.min(31, 2 * k + 2));
    private static final VectorMask<Float> TAP3_B = second(k -> Math.min(31, 2 * k + 2));
    private static final VectorShuffle<Float> INTERLEAVE_LO = shuffle(k -> k % 2 == 0 ? k / 2 : 16 + k / 2);
    private static final VectorMask<Float> INTERLEAVE_LO_B = second(k -> k % 2 == 0 ? k / 2 : 16 + k / 2);
    private static final VectorShuffle<Float> INTERLEAVE_HI = shuffle(k -> k % 2 == 0 ? 8 + k / 2 : 24 + k / 2);
    private static final VectorMask<Float> INTERLEAVE_HI_B = second(k -> k % 2 == 0 ? 8 + k / 2 : 24 + k / 2);
    private static final VectorShuffle<Float> LOWS = shuffle(k -> k < 8 ? k : k + 8);
    private static final VectorMask<Float> LOWS_B = second(k -> k < 8 ? k : k + 8);
    private static final VectorShuffle<Float> HIGHS = shuffle(k -> k < 8 ? k + 8 : k + 16);
    private static final VectorMask<Float> HIGHS_B = second(k -> k < 8 ? k + 8 : k + 16);
    /** Tiles whose tap 0 (first) or tap 3 (last) column is padding, at [w >> 4] for widths 8, 16, 32. */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] FIRST = new VectorMask[] {mask(8, true), mask(16, true), mask(32, true)};
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] LAST = new VectorMask[] {mask(8, false), mask(16, false), mask(32, false)};
    /** The half of each plane vector that patch row i reads on 8-wide planes, at [i % 2]. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] HALVES = new VectorShuffle[] {HIGHS, LOWS};
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] HALVES_B = new VectorMask[] {HIGHS_B, LOWS_B};
    /** Read instead of rows outside the plane. */
    private static final float[] ZEROS = new float[16];

    private Winograd() {
    }

    /** Whether g is a 3x3, stride-1, padding-1 convolution on planes this class tiles. */
    static boolean applies(Geometry.Conv2d g) {
        return F.length() == 16 && g.kh() == 3 && g.kw() == 3 && g.stride() == 1 && g.padding() == 1
                && (g.w() == 8 || g.w() == 16 || g.w() == 32) && g.h() % 2 == 0 && g.h() * g.w() % 64 == 0;
    }

    private static VectorShuffle<Float> shuffle(java.util.function.IntUnaryOperator lane) {
        int[] idx = new int[F.length()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = lane.applyAsInt(k) % idx.length;
        }
        return VectorShuffle.fromArray(F, idx, 0);
    }

    private static VectorMask<Float> second(java.util.function.IntUnaryOperator lane) {
        return lanes(k -> lane.applyAsInt(k) >= F.length());
    }

    private static VectorMask<Float> lanes(java.util.function.IntPredicate set) {
        boolean[] m = new boolean[F.length()];
        for (int k = 0; k < m.length; k++) {
            m[k] = set.test(k);
        }
        return VectorMask.fromArray(F, m, 0);
    }

    /** Lane k of the result is lane L(k) of the 32 floats a, b (lanes, second: see above). */
    private static FloatVector pick(FloatVector a, FloatVector b, VectorShuffle<Float> lanes, VectorMask<Float> second) {
        return a.rearrange(lanes).blend(b.rearrange(lanes), second);
    }

    private static VectorMask<Float> mask(int w, boolean first) {
        int tiles = Math.min(w / 2, F.length());
        return lanes(k -> first ? k % tiles == 0 : k % tiles == tiles - 1);
    }

    static void forward(float[] x, float[] w, float[] out, Geometry.Conv2d g) {
        run(x, weights(w, g.cout(), g.cin(), false), out, g.n(), g.cin(), g.cout(), g.h(), g.w());
    }

    static void inputGrad(float[] gy, float[] w, float[] gx, Geometry.Conv2d g) {
        run(gy, weights(w, g.cout(), g.cin(), true), gx, g.n(), g.cout(), g.cin(), g.h(), g.w());
    }

    /**
     * U[pos][o][i] = G k G^T for every kernel k of a convolution from `in` to `out` channels:
     * k = w[o][i] (forward), or w[i][o] turned by 180 degrees (the input gradient's convolution
     * from cout to cin channels). Computed in double, rounded once.
     */
    private static float[] weights(float[] w, int cout, int cin, boolean adjoint) {
        int outs = adjoint ? cin : cout;
        int ins = adjoint ? cout : cin;
        float[] u = new float[16 * outs * ins];
        CpuThreads.parallelFor(outs, o -> {
            double[] k = new double[9];
            double[] t = new double[12];
            int stride = outs * ins;
            for (int i = 0; i < ins; i++) {
                int at = o * ins + i;
                int base = adjoint ? (i * cin + o) * 9 : (o * cin + i) * 9;
                for (int e = 0; e < 9; e++) {
                    k[e] = w[base + (adjoint ? 8 - e : e)];
                }
                for (int c = 0; c < 3; c++) { // t = G k: rows 0..3, columns c
                    double k0 = k[c];
                    double k1 = k[3 + c];
                    double k2 = k[6 + c];
                    t[c] = k0;
                    t[3 + c] = 0.5 * (k0 + k1 + k2);
                    t[6 + c] = 0.5 * (k0 - k1 + k2);
                    t[9 + c] = k2;
                }
                for (int r = 0; r < 4; r++) { // (G k) G^T
                    double a = t[3 * r];
                    double b = t[3 * r + 1];
                    double c = t[3 * r + 2];
                    u[(4 * r) * stride + at] = (float) a;
                    u[(4 * r + 1) * stride + at] = (float) (0.5 * (a + b + c));
                    u[(4 * r + 2) * stride + at] = (float) (0.5 * (a - b + c));
                    u[(4 * r + 3) * stride + at] = (float) c;
                }
            }
        });
        return u;
    }

    /** y [n][cout][h][w] = the padded 3x3 convolution of x [n][cin][h][w] with transformed kernels u. */
    private static void run(float[] x, float[] u, float[] y, int n, int cin, int cout, int h, int w) {
        int hw = h * w;
        int perImage = hw / 64;
        int vectors = n * perImage;
        int chunks = (vectors + CHUNK - 1) / CHUNK;
        CpuThreads.parallelFor(chunks, c -> {
            int q0 = c * CHUNK;
            int count = Math.min(CHUNK, vectors - q0);
            int cols = 16 * count;
            int vs = cin * cols + SKEW;
            int ms = cout * cols + SKEW;
            float[] v = SCRATCH.get(0, 16 * vs);
            float[] m = SCRATCH.get(1, 16 * ms);
            float[] tmp = SCRATCH.get(3, TMP);
            for (int q = q0; q < q0 + count; q++) {
                int img = q / perImage;
                int lq = q % perImage;
                for (int ci = 0; ci < cin; ci++) {
                    input(x, (img * cin + ci) * hw, w, h, lq, v, ci * cols + (q - q0) * 16, vs, tmp);
                }
            }
            for (int pos = 0; pos < 16; pos++) {
                VectorGemm.gemm(u, pos * cout * cin, v, pos * vs, m, pos * ms, cols, cin, false, 0, cout);
            }
            for (int q = q0; q < q0 + count; q++) {
                int img = q / perImage;
                int lq = q % perImage;
                for (int co = 0; co < cout; co++) {
                    output(m, co * cols + (q - q0) * 16, ms, w, y, (img * cout + co) * hw + 64 * lq, tmp);
                }
            }
        });
    }

    /**
     * Batch weight gradient gw [cout][cin][3][3]. The tiles of fixed blocks of samples are summed
     * in float per block, the blocks in order in double (as {@link CpuConv#weightGrad} does with
     * its sample blocks: behind batch norm the batch sum cancels heavily), and the result does not
     * depend on the thread count.
     */
    static void weightGrad(float[] x, float[] gy, float[] gw, Geometry.Conv2d g) {
        int n = g.n();
        int cin = g.cin();
        int cout = g.cout();
        int h = g.h();
        int w = g.w();
        int hw = h * w;
        int perImage = hw / 64;
        int samples = Math.max(1, BLOCK_TILES / (hw / 4));
        int blocks = (n + samples - 1) / samples;
        int size = 16 * cout * cin;
        double[][] partial = BlockSums.take(blocks, size);
        CpuThreads.parallelFor(blocks, b -> {
            int s0 = b * samples;
            int s1 = Math.min(n, s0 + samples);
            int k = (s1 - s0) * hw / 4;
            int vs = cin * k + SKEW;
            int ts = cout * k + SKEW;
            float[] vx = SCRATCH.get(0, 16 * vs);
            float[] tg = SCRATCH.get(1, 16 * ts);
            float[] one = SCRATCH.get(2, size);
            float[] tmp = SCRATCH.get(3, TMP);
            for (int img = s0; img < s1; img++) {
                for (int lq = 0; lq < perImage; lq++) {
                    int col = ((img - s0) * perImage + lq) * 16;
                    for (int ci = 0; ci < cin; ci++) {
                        input(x, (img * cin + ci) * hw, w, h, lq, vx, ci * k + col, vs, tmp);
                    }
                    for (int co = 0; co < cout; co++) {
                        gradient(gy, (img * cout + co) * hw + 64 * lq, w, tg, co * k + col, ts, tmp);
                    }
                }
            }
            for (int pos = 0; pos < 16; pos++) {
                VectorGemm.gemmNT(tg, pos * ts, vx, pos * vs, one, pos * cout * cin, cin, k, false, 0, cout);
            }
            double[] acc = partial[b];
            for (int i = 0; i < size; i++) {
                acc[i] = one[i];
            }
        });
        int pieces = CpuThreads.chunks(cout);
        CpuThreads.parallelFor(pieces, t -> {
            double[] z = new double[16];
            double[] r = new double[12];
            for (int co = t * cout / pieces; co < (t + 1) * cout / pieces; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int pos = 0; pos < 16; pos++) {
                        int at = (pos * cout + co) * cin + ci;
                        double sum = 0;
                        for (int b = 0; b < blocks; b++) {
                            sum += partial[b][at];
                        }
                        // gradient() leaves out the minus signs of A's last row and column
                        z[pos] = (pos / 4 == 3) != (pos % 4 == 3) ? -sum : sum;
                    }
                    for (int c = 0; c < 4; c++) { // r = G^T z: rows 0..2, columns c
                        double z0 = z[c];
                        double z1 = z[4 + c];
                        double z2 = z[8 + c];
                        double z3 = z[12 + c];
                        r[c] = z0 + 0.5 * (z1 + z2);
                        r[4 + c] = 0.5 * (z1 - z2);
                        r[8 + c] = 0.5 * (z1 + z2) + z3;
                    }
                    int base = (co * cin + ci) * 9;
                    for (int row = 0; row < 3; row++) { // (G^T z) G
                        double a = r[4 * row];
                        double b = r[4 * row + 1];
                        double c = r[4 * row + 2];
                        double d = r[4 * row + 3];
                        gw[base + 3 * row] = (float) (a + 0.5 * (b + c));
                        gw[base + 3 * row + 1] = (float) (0.5 * (b - c));
                        gw[base + 3 * row + 2] = (float) (0.5 * (b + c) + d);
                    }
                }
            }
        });
    }

    /*
     * No vector here is chosen by a branch: JDK 17's C2 boxes a vector that two control paths
     * merge (measured: most of the time in allocation and blends). Branches choose arrays and
     * offsets instead, and the plane-width-specific steps store their vectors to scratch.
     */

    /**
     * Stores the 32 floats that hold patch row i (i < 4) of the 16 tiles of tile vector lq to
     * src[32 i ..]: the input rows 2 ty + i - 1 of its tile rows ty, side by side.
     */
    private static void sources(float[] x, int plane, int w, int h, int lq, float[] src) {
        if (w == 8) { // four tile rows: rows 8 lq + i - 1 + 2t, t < 4; plane vector k holds rows 2k, 2k+1
            for (int i = 0; i < 4; i++) {
                for (int half = 0; half < 2; half++) {
                    int k = 4 * lq + (i == 0 ? -1 : i == 3 ? 1 : 0) + 2 * half;
                    boolean in0 = k >= 0 && k < h / 2;
                    boolean in1 = k + 1 < h / 2;
                    FloatVector a = FloatVector.fromArray(F, in0 ? x : ZEROS, in0 ? plane + 16 * k : 0);
                    FloatVector b = FloatVector.fromArray(F, in1 ? x : ZEROS, in1 ? plane + 16 * k + 16 : 0);
                    pick(a, b, HALVES[i % 2], HALVES_B[i % 2]).intoArray(src, 32 * i + 16 * half);
                }
            }
            return;
        }
        for (int i = 0; i < 4; i++) {
            for (int half = 0; half < 2; half++) {
                // w 32: one tile row, input row 2 lq + i - 1 (two vectors); w 16: two tile rows,
                // input rows 4 lq + i - 1 and the one 2 below (a vector each)
                int row = w == 32 ? 2 * lq + i - 1 : 4 * lq + i - 1 + 2 * half;
                boolean in = row >= 0 && row < h;
                int at = plane + row * w + (w == 32 ? 16 * half : 0);
                FloatVector.fromArray(F, in ? x : ZEROS, in ? at : 0).intoArray(src, 32 * i + 16 * half);
            }
        }
    }

    /**
     * v[off + pos * stride .. +16] = B^T d B at patch position pos for the 16 tiles of tile vector
     * lq; tmp is scratch of {@link #TMP} floats. Loops over small bodies, passing vectors through
     * tmp: C2 stops intrinsifying vector operations in one compiled method after about 60-80 of
     * them (its inlining budget), and boxes the rest.
     */
    private static void input(float[] x, int plane, int w, int h, int lq, float[] v, int off, int stride,
                              float[] tmp) {
        sources(x, plane, w, h, lq, tmp);
        VectorMask<Float> first = FIRST[w >> 4];
        VectorMask<Float> last = LAST[w >> 4];
        for (int i = 0; i < 4; i++) { // patch row i: its columns times B, to tmp[128 + 64 i + 16 j]
            FloatVector a = FloatVector.fromArray(F, tmp, 32 * i);
            FloatVector b = FloatVector.fromArray(F, tmp, 32 * i + 16);
            FloatVector d0 = pick(a, b, TAP0, TAP0_B).blend(0f, first);
            FloatVector d1 = pick(a, b, EVENS, EVENS_B);
            FloatVector d2 = pick(a, b, ODDS, ODDS_B);
            FloatVector d3 = pick(a, b, TAP3, TAP3_B).blend(0f, last);
            int e = 128 + 64 * i;
            d0.sub(d2).intoArray(tmp, e);
            d1.add(d2).intoArray(tmp, e + 16);
            d2.sub(d1).intoArray(tmp, e + 32);
            d1.sub(d3).intoArray(tmp, e + 48);
        }
        for (int j = 0; j < 4; j++) { // B^T times the rows
            FloatVector e0 = FloatVector.fromArray(F, tmp, 128 + 16 * j);
            FloatVector e1 = FloatVector.fromArray(F, tmp, 192 + 16 * j);
            FloatVector e2 = FloatVector.fromArray(F, tmp, 256 + 16 * j);
            FloatVector e3 = FloatVector.fromArray(F, tmp, 320 + 16 * j);
            e0.sub(e2).intoArray(v, off + j * stride);
            e1.add(e2).intoArray(v, off + (4 + j) * stride);
            e2.sub(e1).intoArray(v, off + (8 + j) * stride);
            e1.sub(e3).intoArray(v, off + (12 + j) * stride);
        }
    }

    /**
     * The 2x2 outputs A^T m A of 16 tiles (m's position pos at off + pos * stride) written to their
     * 64-float region of the output plane, at `region`; tmp is scratch.
     */
    private static void output(float[] m, int off, int stride, int w, float[] y, int region, float[] tmp) {
        for (int j = 0; j < 4; j++) { // A^T times the columns: tmp[64 r + 16 j]
            FloatVector m0 = FloatVector.fromArray(F, m, off + j * stride);
            FloatVector m1 = FloatVector.fromArray(F, m, off + (4 + j) * stride);
            FloatVector m2 = FloatVector.fromArray(F, m, off + (8 + j) * stride);
            FloatVector m3 = FloatVector.fromArray(F, m, off + (12 + j) * stride);
            m0.add(m1).add(m2).intoArray(tmp, 16 * j);
            m1.sub(m2).sub(m3).intoArray(tmp, 64 + 16 * j);
        }
        for (int r = 0; r < 2; r++) { // times A, interleaved into output row r of each tile row
            FloatVector s0 = FloatVector.fromArray(F, tmp, 64 * r);
            FloatVector s1 = FloatVector.fromArray(F, tmp, 64 * r + 16);
            FloatVector s2 = FloatVector.fromArray(F, tmp, 64 * r + 32);
            FloatVector s3 = FloatVector.fromArray(F, tmp, 64 * r + 48);
            FloatVector y0 = s0.add(s1).add(s2);
            FloatVector y1 = s1.sub(s2).sub(s3);
            // the output rows r of the tile rows, side by side: first and second half of the tiles
            FloatVector lo = pick(y0, y1, INTERLEAVE_LO, INTERLEAVE_LO_B);
            FloatVector hi = pick(y0, y1, INTERLEAVE_HI, INTERLEAVE_HI_B);
            if (w == 32) { // rows 2ty + r of 32
                lo.intoArray(y, region + 32 * r);
                hi.intoArray(y, region + 32 * r + 16);
            } else if (w == 16) { // rows r of tile rows ty, ty + 1
                lo.intoArray(y, region + 16 * r);
                hi.intoArray(y, region + 32 + 16 * r);
            } else { // rows of 8, regrouped below
                lo.intoArray(tmp, 128 + 32 * r);
                hi.intoArray(tmp, 144 + 32 * r);
            }
        }
        if (w == 8) { // each 16 floats of the region: rows 0 and 1 of one tile row
            for (int half = 0; half < 2; half++) {
                FloatVector z0 = FloatVector.fromArray(F, tmp, 128 + 16 * half);
                FloatVector z1 = FloatVector.fromArray(F, tmp, 160 + 16 * half);
                pick(z0, z1, LOWS, LOWS_B).intoArray(y, region + 32 * half);
                pick(z0, z1, HIGHS, HIGHS_B).intoArray(y, region + 32 * half + 16);
            }
        }
    }

    /**
     * t[off + pos * stride .. +16] = A g A^T of the 2x2 output-gradient tiles g of one tile vector
     * (its 64-float region at `region`), without the minus signs of A's last row and column
     * (weightGrad puts them back); tmp is scratch.
     */
    private static void gradient(float[] gy, int region, int w, float[] t, int off, int stride, float[] tmp) {
        // z_r: output rows r of the tile rows, side by side, at z0 (first half of the tiles), z0 + 16
        float[] z = gy;
        int base = region;
        int step = 32;
        int second = 16;
        if (w == 16) {
            step = 16;
            second = 32;
        } else if (w == 8) { // rows of 8: each 16 floats hold rows 0 and 1 of one tile row
            for (int half = 0; half < 2; half++) {
                FloatVector o0 = FloatVector.fromArray(F, gy, region + 32 * half);
                FloatVector o1 = FloatVector.fromArray(F, gy, region + 32 * half + 16);
                pick(o0, o1, LOWS, LOWS_B).intoArray(tmp, 16 * half);
                pick(o0, o1, HIGHS, HIGHS_B).intoArray(tmp, 32 + 16 * half);
            }
            z = tmp;
            base = 0;
        }
        for (int r = 0; r < 2; r++) { // g_r = row r of the tiles, columns 0 and 1: tmp[64 + 32 r ..]
            FloatVector lo = FloatVector.fromArray(F, z, base + step * r);
            FloatVector hi = FloatVector.fromArray(F, z, base + step * r + second);
            pick(lo, hi, EVENS, EVENS_B).intoArray(tmp, 64 + 32 * r);
            pick(lo, hi, ODDS, ODDS_B).intoArray(tmp, 80 + 32 * r);
        }
        // rows of A g: g0, g0 + g1, g0 - g1, (-)g1, at tmp[64 + 32 a'] with a' = 0, 2, 3, 1
        FloatVector g00 = FloatVector.fromArray(F, tmp, 64);
        FloatVector g01 = FloatVector.fromArray(F, tmp, 80);
        FloatVector g10 = FloatVector.fromArray(F, tmp, 96);
        FloatVector g11 = FloatVector.fromArray(F, tmp, 112);
        g00.add(g10).intoArray(tmp, 128);
        g01.add(g11).intoArray(tmp, 144);
        g00.sub(g10).intoArray(tmp, 160);
        g01.sub(g11).intoArray(tmp, 176);
        for (int a = 0; a < 4; a++) { // times A^T: (c0, c0 + c1, c0 - c1, (-)c1)
            int at = 64 + 32 * (a == 0 ? 0 : a == 3 ? 1 : a + 1);
            FloatVector c0 = FloatVector.fromArray(F, tmp, at);
            FloatVector c1 = FloatVector.fromArray(F, tmp, at + 16);
            int o = off + 4 * a * stride;
            c0.intoArray(t, o);
            c0.add(c1).intoArray(t, o + stride);
            c0.sub(c1).intoArray(t, o + 2 * stride);
            c1.intoArray(t, o + 3 * stride);
        }
    }
}
