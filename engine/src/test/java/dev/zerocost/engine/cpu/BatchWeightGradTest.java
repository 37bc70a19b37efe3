package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.backend.Geometry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batch weight gradient of {@link CpuConv#weightGrad} against a float64 sum of every term:
 * whichever path a geometry takes (implicit with samples grouped into one lane sum, small-plane
 * GEMM with samples grouped along k, small-plane transposed GEMM, pointwise, im2col, scalar), each element is within the float32 summation bound of its
 * longest float chain, at most {@link CpuConv#SAMPLE_GROUP} times the error of the per-sample
 * gradients summed in double, and the result does not depend on the thread count.
 */
class BatchWeightGradTest {
    private static final double U = Math.pow(2, -24);

    @Test
    void everyPathIsWithinTheFloat32BoundOfTheFloat64SumAndIndependentOfThreads() {
        int lanes = VectorGemm.floatLanes();
        List<Geometry.Conv2d> cases = List.of(
                Geometry.Conv2d.of(19, 5, lanes, lanes, 6, 3, 3, 1, 1),          // implicit, groups of 4 and a tail of 3
                Geometry.Conv2d.of(9, 4, 2 * lanes, 2 * lanes, 4, 3, 3, 1, 1),  // implicit, larger plane
                Geometry.Conv2d.of(7, 6, 8, 8, 5, 3, 3, 1, 1),                  // small plane, grouped GEMM
                Geometry.Conv2d.of(10, 3, 8, 8, 4 * lanes, 3, 3, 1, 1),         // small plane, wide: transposed, 27 rows
                Geometry.Conv2d.of(6, 4, 15, 15, 4 * lanes, 3, 3, 2, 1),        // transposed, stride 2
                Geometry.Conv2d.of(6, 7, 8, 8, 9, 1, 1, 1, 0),                  // pointwise, small plane
                Geometry.Conv2d.of(6, 7, lanes, lanes, 9, 1, 1, 1, 0),          // pointwise
                Geometry.Conv2d.of(5, 3, 33, 33, 4, 3, 3, 2, 1));               // stride 2, 17x17 plane: im2col
        Random random = new Random(3);
        int before = CpuThreads.count();
        try {
            for (Geometry.Conv2d g : cases) {
                float[] x = gaussian(random, g.n() * g.cin() * g.h() * g.w());
                float[] gy = gaussian(random, g.n() * g.cout() * g.hOut() * g.wOut());
                int size = g.cout() * g.cin() * g.kh() * g.kw();
                double[] exact = new double[size];
                double[] magnitude = new double[size];
                reference(x, gy, g, exact, magnitude);
                CpuThreads.setCount(2);
                float[] gw = new float[size];
                CpuConv.weightGrad(x, gy, gw, g);
                // longest float chain of one sample group: its positions in one lane, then the lane
                // sum (implicit, pointwise), all positions in one FMA chain (im2col GEMM), or all
                // positions of the group's samples in one chain (small planes)
                int hw = g.hOut() * g.wOut();
                int chain = hw < CpuConv.SMALL_PLANE ? CpuConv.SAMPLE_GROUP * hw : Math.max(CpuConv.SAMPLE_GROUP * hw / lanes + lanes, hw);
                double gamma = chain * U / (1 - chain * U);
                double worst = 0;
                for (int e = 0; e < size; e++) {
                    double tol = gamma * magnitude[e] + U * Math.abs(exact[e]);
                    double err = Math.abs(gw[e] - exact[e]);
                    worst = Math.max(worst, err / tol);
                    assertTrue(err <= tol, g + " element " + e + ": " + gw[e] + " vs " + exact[e] + ", error " + err
                            + " > bound " + tol);
                }
                // the per-sample gradients summed in double: the batch sum without sample groups
                double[] perSample = new double[size];
                CpuConv.weightGradPerSample(x, gy, g, (s, grad) -> {
                    for (int e = 0; e < size; e++) {
                        perSample[e] += grad[e];
                    }
                });
                double errGroups = 0;
                double errSamples = 0;
                for (int e = 0; e < size; e++) {
                    errGroups = Math.max(errGroups, Math.abs(gw[e] - exact[e]));
                    errSamples = Math.max(errSamples, Math.abs((float) perSample[e] - exact[e]));
                }
                System.out.printf("BatchWeightGradTest: %s worst error %.3g of the bound; max error %.3g, per-sample sum %.3g%n",
                        g, worst, errGroups, errSamples);
                // a group's float chain is SAMPLE_GROUP samples long, so its error may grow that much
                // over one sample's (measured: 1.5x and 2.1x on the two grouped geometries)
                assertTrue(errGroups <= CpuConv.SAMPLE_GROUP * errSamples, g + ": max error " + errGroups
                        + " against " + errSamples + " for the per-sample gradients summed in double");
                CpuThreads.setCount(1);
                float[] one = new float[size];
                CpuConv.weightGrad(x, gy, one, g);
                CpuThreads.setCount(3);
                float[] three = new float[size];
                CpuConv.weightGrad(x, gy, three, g);
                assertArrayEquals(gw, one, "1 thread vs 2: " + g);
                assertArrayEquals(gw, three, "3 threads vs 2: " + g);
            }
        } finally {
            CpuThreads.setCount(before);
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** exact[co][c][i][j] = sum over (n, oh, ow) of gy * x in double; magnitude = the sum of |terms|. */
    private static void reference(float[] x, float[] gy, Geometry.Conv2d g, double[] exact, double[] magnitude) {
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                for (int c = 0; c < g.cin(); c++) {
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            int e = ((co * g.cin() + c) * g.kh() + i) * g.kw() + j;
                            for (int oh = 0; oh < g.hOut(); oh++) {
                                for (int ow = 0; ow < g.wOut(); ow++) {
                                    int ih = oh * g.stride() - g.padding() + i;
                                    int iw = ow * g.stride() - g.padding() + j;
                                    if (ih < 0 || ih >= g.h() || iw < 0 || iw >= g.w()) {
                                        continue;
                                    }
                                    double t = (double) gy[((n * g.cout() + co) * g.hOut() + oh) * g.wOut() + ow]
                                            * x[((n * g.cin() + c) * g.h() + ih) * g.w() + iw];
                                    exact[e] += t;
                                    magnitude[e] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
