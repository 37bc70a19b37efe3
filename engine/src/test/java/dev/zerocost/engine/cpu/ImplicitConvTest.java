package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.random.TorchGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The im2col-free forward and weight gradient equal im2col + the vector GEMMs bit for bit, except the
 * row-pair weight gradient, which is checked against the float64 sum.
 */
class ImplicitConvTest {
    private static float[] random(TorchGenerator gen, int n) {
        float[] v = new float[n];
        gen.randInRange(v, -1, 1);
        return v;
    }

    @BeforeEach
    void needsTheVectorApi() {
        if (!CpuKernels.VECTOR) {
            System.out.println("ImplicitConvTest skipped: the Vector API is not enabled (" + CpuKernels.describe() + ")");
        }
        assumeTrue(CpuKernels.VECTOR, "needs --add-modules jdk.incubator.vector");
    }

    @Test
    void forwardAndWeightGradientEqualIm2colPlusGemmExactly() {
        int lanes = VectorGemm.floatLanes();
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(1, 16, 2 * lanes, 2 * lanes, 16, 3, 3, 1, 1)); // weight gradient reordered: see below
        cases.add(Geometry.Conv2d.of(1, 3, lanes, lanes, 6, 3, 3, 1, 1));       // 27 rows, 6 output channels: edges
        cases.add(Geometry.Conv2d.of(1, 5, lanes, lanes, 4, 5, 5, 1, 2));
        cases.add(Geometry.Conv2d.of(1, 4, 3, lanes + 2, 5, 3, 3, 1, 0));       // unpadded, odd height
        cases.add(Geometry.Conv2d.of(1, 4, 5, lanes, 4, 3, 3, 1, 1));           // odd height: the 4x4 path
        TorchGenerator gen = TorchGenerator.manualSeed(11);
        for (Geometry.Conv2d g : cases) {
            assertTrue(ImplicitConv.applies(g), g + " qualifies");
            int ckk = g.cin() * g.kh() * g.kw();
            int hw = g.hOut() * g.wOut();
            int xOff = 7;
            float[] x = random(gen, xOff + g.cin() * g.h() * g.w());
            float[] w = random(gen, g.cout() * ckk);
            int gyOff = 3;
            float[] gy = random(gen, gyOff + g.cout() * hw);
            float[] col = new float[ckk * hw];
            CpuConv.im2col(x, xOff, g, col);
            float[] xp = new float[PaddedIm2col.paddedSize(g)];
            PaddedIm2col.pad(x, xOff, g, xp);

            float[] viaColumns = new float[2 + g.cout() * hw];
            VectorGemm.gemm(w, 0, col, 0, viaColumns, 2, hw, ckk, false, 0, g.cout());
            float[] implicit = new float[viaColumns.length];
            ImplicitConv.forward(w, xp, ImplicitConv.padded(g), g.cout(), implicit, 2);
            assertArrayEquals(viaColumns, implicit, "forward " + g);

            // 3x3 kernels on rows of two or more vectors, two output rows at a time: each element's
            // FMA chain visits the positions in another order than gemmNT's (checked below)
            boolean reordered = g.wOut() > lanes && g.hOut() % 2 == 0;
            if (reordered) {
                continue;
            }
            for (boolean accumulate : new boolean[] {false, true}) {
                float[] start = random(gen, g.cout() * ckk);
                float[] gwColumns = accumulate ? start.clone() : new float[start.length];
                VectorGemm.gemmNT(gy, gyOff, col, 0, gwColumns, 0, ckk, hw, accumulate, 0, g.cout());
                float[] gwImplicit = accumulate ? start.clone() : new float[start.length];
                ImplicitConv.weightGrad(gy, new int[] {gyOff}, new float[][] {xp}, 1, ImplicitConv.padded(g), g.cout(),
                        gwImplicit, accumulate);
                assertArrayEquals(gwColumns, gwImplicit, "weight gradient (accumulate " + accumulate + ") " + g);
            }
        }
        assertFalse(ImplicitConv.applies(Geometry.Conv2d.of(1, 4, lanes, lanes, 4, 3, 3, 2, 1)), "stride 2 does not qualify");
        assertFalse(ImplicitConv.applies(Geometry.Conv2d.of(1, 4, lanes, lanes, 4, 1, 1, 1, 0)), "pointwise does not qualify");
    }

    /**
     * The row-pair weight gradient (3x3 kernels, two output rows at a time) against the float64
     * sum, within 2 float32 roundings of the sum of |terms| per element. The a priori worst case is
     * (hw / lanes + lanes) roundings (lane chains of hw / 16 FMAs, then a lane sum); measured on
     * these cases the worst element is 0.51 and 0.42 roundings. Several samples share the chains,
     * as {@code CpuConv.weightGrad} groups them.
     */
    @Test
    void rowPairWeightGradientIsTheFloat64SumWithinFloat32Rounding() {
        int lanes = VectorGemm.floatLanes();
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(3, 16, 2 * lanes, 2 * lanes, 16, 3, 3, 1, 1)); // NB-201's first stage
        cases.add(Geometry.Conv2d.of(2, 3, 4, 3 * lanes, 4, 3, 3, 1, 1));           // three vectors per row, a stem's 27 rows
        TorchGenerator gen = TorchGenerator.manualSeed(14);
        for (Geometry.Conv2d g : cases) {
            int ckk = g.cin() * g.kh() * g.kw();
            int hw = g.hOut() * g.wOut();
            int xs = g.cin() * g.h() * g.w();
            float[] x = random(gen, g.n() * xs);
            float[] gy = random(gen, g.n() * g.cout() * hw);
            assertTrue(ImplicitConv.rowPairs(ImplicitConv.padded(g).positions(), g.wOut(), g.w() + 2) != null,
                    g + " takes the row-pair kernel");
            double[] exact = new double[g.cout() * ckk];
            double[] bound = new double[exact.length];
            float[][] xps = new float[g.n()][];
            int[] gyOffs = new int[g.n()];
            float[] col = new float[ckk * hw];
            for (int n = 0; n < g.n(); n++) {
                xps[n] = new float[PaddedIm2col.paddedSize(g)];
                PaddedIm2col.pad(x, n * xs, g, xps[n]);
                gyOffs[n] = n * g.cout() * hw;
                CpuConv.im2col(x, n * xs, g, col);
                for (int co = 0; co < g.cout(); co++) {
                    for (int r = 0; r < ckk; r++) {
                        for (int q = 0; q < hw; q++) {
                            double term = (double) gy[gyOffs[n] + co * hw + q] * col[r * hw + q];
                            exact[co * ckk + r] += term;
                            bound[co * ckk + r] += Math.abs(term);
                        }
                    }
                }
            }
            float[] gw = new float[exact.length];
            ImplicitConv.weightGrad(gy, gyOffs, xps, g.n(), ImplicitConv.padded(g), g.cout(), gw, false);
            for (int e = 0; e < exact.length; e++) {
                double err = Math.abs(gw[e] - exact[e]);
                double tol = 2 * 0x1p-24 * bound[e] + Math.ulp((float) exact[e]);
                assertTrue(err <= tol, "weight gradient " + g + " element " + e + ": " + gw[e] + " vs float64 "
                        + exact[e] + " (error " + err + " > " + tol + ")");
            }
        }
    }

    @Test
    void shiftedCopiesGiveTheForwardOfIm2colPlusGemmExactly() {
        int lanes = VectorGemm.floatLanes();
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(1, 64, 8, 8, 64, 3, 3, 1, 1));      // NB-201's last stage
        cases.add(Geometry.Conv2d.of(1, 3, 4, lanes / 2, 6, 3, 3, 1, 1)); // half-width rows, edges in both tiles
        cases.add(Geometry.Conv2d.of(1, 2, 4, lanes / 4 * 3, 5, 5, 5, 1, 2)); // 5x5, width 3/4 of the lanes
        TorchGenerator gen = TorchGenerator.manualSeed(13);
        for (Geometry.Conv2d g : cases) {
            assertTrue(ImplicitConv.appliesShifted(g), g + " qualifies");
            int ckk = g.cin() * g.kh() * g.kw();
            int hw = g.hOut() * g.wOut();
            int xOff = 3;
            float[] x = random(gen, xOff + g.cin() * g.h() * g.w());
            float[] w = random(gen, g.cout() * ckk);
            float[] col = new float[ckk * hw];
            CpuConv.im2col(x, xOff, g, col);
            float[] viaColumns = new float[1 + g.cout() * hw];
            VectorGemm.gemm(w, 0, col, 0, viaColumns, 1, hw, ckk, false, 0, g.cout());
            float[] shifted = new float[ImplicitConv.shiftedSize(g)];
            java.util.Arrays.fill(shifted, 5f); // shift() must overwrite every element
            ImplicitConv.shift(x, xOff, g, shifted);
            float[] implicit = new float[viaColumns.length];
            ImplicitConv.forward(w, shifted, ImplicitConv.shifted(g), g.cout(), implicit, 1);
            assertArrayEquals(viaColumns, implicit, "forward " + g);
        }
        assertFalse(ImplicitConv.appliesShifted(Geometry.Conv2d.of(1, 4, 8, 8, 4, 3, 3, 1, 0)), "a shrinking conv does not qualify");
        assertFalse(ImplicitConv.appliesShifted(Geometry.Conv2d.of(1, 4, 8, 8, 4, 3, 3, 2, 1)), "stride 2 does not qualify");
    }

    @Test
    void inputGradientIsTheAdjointWithinFloat32RoundingOfTheFloat64Sum() {
        int lanes = VectorGemm.floatLanes();
        List<Geometry.Conv2d> cases = new ArrayList<>();
        cases.add(Geometry.Conv2d.of(1, 16, 2 * lanes, 2 * lanes, 16, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(1, 6, 3, lanes, 5, 3, 3, 1, 1));   // 6 input channels: a 4-tile and two single rows
        cases.add(Geometry.Conv2d.of(1, 4, lanes, 3 * lanes, 4, 3, 3, 1, 1)); // 3 vectors per row: leftovers
        cases.add(Geometry.Conv2d.of(1, 4, 5, lanes, 3, 3, 3, 1, 0));   // unpadded
        cases.add(Geometry.Conv2d.of(1, 4, lanes, lanes, 4, 5, 5, 1, 2));
        // shifted copies ("same" convolutions whose rows are narrower than the vector)
        cases.add(Geometry.Conv2d.of(1, 64, 8, 8, 64, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(1, 6, 4, lanes / 2, 3, 3, 3, 1, 1));
        cases.add(Geometry.Conv2d.of(1, 2, 4, lanes / 4 * 3, 5, 5, 5, 1, 2));
        TorchGenerator gen = TorchGenerator.manualSeed(12);
        for (Geometry.Conv2d g : cases) {
            boolean shifted = !ConvAdjoint.appliesToInputGrad(g);
            assertTrue(shifted ? ImplicitConv.appliesShifted(g) : ConvAdjoint.appliesToInputGrad(g), g + " qualifies");
            int ckk = g.cin() * g.kh() * g.kw();
            int hw = g.hOut() * g.wOut();
            float[] w = random(gen, g.cout() * ckk);
            float[] wt = new float[ckk * g.cout()];
            CpuGemm.transpose(w, 0, wt, 0, g.cout(), ckk);
            int gyOff = 5;
            float[] gy = random(gen, gyOff + g.cout() * hw);
            // float64 adjoint: gx[c][y][x] += w[co][c][i][j] * gy[co][oh][ow] for y = oh - p + i, x = ow - p + j
            double[] exact = new double[g.cin() * g.h() * g.w()];
            double[] bound = new double[exact.length];
            for (int co = 0; co < g.cout(); co++) {
                for (int c = 0; c < g.cin(); c++) {
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            double wv = w[((co * g.cin() + c) * g.kh() + i) * g.kw() + j];
                            for (int oh = 0; oh < g.hOut(); oh++) {
                                for (int ow = 0; ow < g.wOut(); ow++) {
                                    int y = oh - g.padding() + i;
                                    int x = ow - g.padding() + j;
                                    if (y >= 0 && y < g.h() && x >= 0 && x < g.w()) {
                                        double term = wv * gy[gyOff + (co * g.hOut() + oh) * g.wOut() + ow];
                                        exact[(c * g.h() + y) * g.w() + x] += term;
                                        bound[(c * g.h() + y) * g.w() + x] += Math.abs(term);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            int gxOff = 2;
            float[] implicit = new float[gxOff + exact.length];
            if (shifted) {
                float[] gs = new float[ConvAdjoint.shiftedGradSize(g)];
                java.util.Arrays.fill(gs, 7f); // shiftGrad must overwrite every element
                ConvAdjoint.shiftGrad(gy, gyOff, g, gs);
                ConvAdjoint.inputGrad(wt, gs, ConvAdjoint.shifted(g), g.cin(), implicit, gxOff);
            } else {
                float[] gyp = new float[ConvAdjoint.borderedGradSize(g)];
                java.util.Arrays.fill(gyp, 7f); // padGrad must overwrite every element
                ConvAdjoint.padGrad(gy, gyOff, g, gyp);
                ConvAdjoint.inputGrad(wt, gyp, ConvAdjoint.bordered(g), g.cin(), implicit, gxOff);
            }
            int terms = g.cout() * g.kh() * g.kw();
            for (int e = 0; e < exact.length; e++) {
                double err = Math.abs(implicit[gxOff + e] - exact[e]);
                double tol = terms * 0x1p-24 * bound[e] + Math.ulp((float) exact[e]);
                assertTrue(err <= tol, "input gradient " + g + " element " + e + ": " + implicit[gxOff + e]
                        + " vs float64 " + exact[e] + " (error " + err + " > " + tol + ")");
            }
        }
        assertFalse(ConvAdjoint.appliesToInputGrad(Geometry.Conv2d.of(1, 4, lanes, lanes, 4, 3, 3, 1, 3)),
                "padding beyond kernel - 1 does not qualify");
        assertFalse(ConvAdjoint.appliesToInputGrad(Geometry.Conv2d.of(1, 4, lanes + 2, lanes + 2, 4, 3, 3, 1, 1)),
                "an input width that is no multiple of the vector length does not qualify");
    }
}
