package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vector GEMMs and the scalar ones against a float64 reference on shapes whose edges are not
 * multiples of the vector length or of the 4-row tile, with offsets and row sub-ranges. Runs
 * only where the JVM has {@code jdk.incubator.vector} (the build's surefire argLine adds it).
 */
class VectorGemmTest {
    /**
     * {m, n, k}: tails in every direction, k past the 256 block, k = 0, NB-201 conv shapes, and
     * (rows 1..m, so m - 1 a multiple of 4, and n a multiple of 4 vectors) C covered by whole
     * tiles, which an overwriting GEMM starts from zero instead of from C: with k = 0, k past the
     * block, and a 1x1 convolution's 16 rows on a 32x32 plane.
     */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {3, 5, 7}, {4, 16, 16}, {5, 17, 3}, {7, 65, 300}, {9, 47, 513}, {6, 33, 0},
        {16, 1024, 144}, {144, 64, 16}, {16, 144, 1024}, {13, 200, 40},
        {5, 64, 16}, {5, 128, 0}, {9, 128, 300}, {17, 1024, 16},
    };
    private final Random random = new Random(11);

    @BeforeEach
    void needsTheVectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "skipped: run with --add-modules jdk.incubator.vector to test VectorGemm");
    }

    private float[] random(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** Exact-enough float64 product and the bound sum |a||b| per element of C rows [i0, i1). */
    private static double[][] reference(float[] a, int aOff, float[] b, int bOff, float[] c0, int cOff,
                                        int n, int k, boolean accumulate, int i0, int i1) {
        double[] value = new double[(i1 - i0) * n];
        double[] bound = new double[(i1 - i0) * n];
        for (int i = i0; i < i1; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c0[cOff + i * n + j] : 0;
                double t = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    double prod = (double) a[aOff + i * k + p] * b[bOff + p * n + j];
                    s += prod;
                    t += Math.abs(prod);
                }
                value[(i - i0) * n + j] = s;
                bound[(i - i0) * n + j] = t;
            }
        }
        return new double[][] {value, bound};
    }

    private static void check(String what, double[][] ref, float[] c, int cOff, int n, int i0, double relTol) {
        for (int e = 0; e < ref[0].length; e++) {
            double got = c[cOff + i0 * n + e];
            double err = Math.abs(got - ref[0][e]);
            double tol = relTol * ref[1][e] + Math.ulp((float) ref[0][e]);
            if (err > tol) {
                throw new AssertionError(what + ": element " + e + " expected " + ref[0][e] + " got " + got
                        + " (error " + err + " > " + tol + ")");
            }
        }
    }

    @Test
    void float32GemmOfBothKindsStaysWithinTheRoundingBoundOfTheFloat64Product() {
        for (int[] s : SHAPES) {
            for (boolean accumulate : new boolean[] {false, true}) {
                int m = s[0], n = s[1], k = s[2];
                int aOff = 3, bOff = 5, cOff = 2;
                float[] a = random(aOff + m * k);
                float[] b = random(bOff + k * n);
                float[] c0 = random(cOff + m * n);
                int i0 = m > 2 ? 1 : 0;
                int i1 = m;
                double[][] ref = reference(a, aOff, b, bOff, c0, cOff, n, k, accumulate, i0, i1);
                // recursive float32 summation: |error| <= k u sum |a b| (u = 2^-24), with slack
                double relTol = (k + 2) * Math.ulp(1f);
                float[] vec = c0.clone();
                VectorGemm.gemm(a, aOff, b, bOff, vec, cOff, n, k, accumulate, i0, i1);
                check("vector " + java.util.Arrays.toString(s) + " acc=" + accumulate, ref, vec, cOff, n, i0, relTol);
                float[] sca = c0.clone();
                CpuGemm.gemm(a, aOff, b, bOff, sca, cOff, m, n, k, accumulate, i0, i1);
                check("scalar " + java.util.Arrays.toString(s) + " acc=" + accumulate, ref, sca, cOff, n, i0, relTol);
                for (int i = 0; i < cOff + i0 * n; i++) {
                    if (vec[i] != c0[i]) {
                        throw new AssertionError("vector gemm wrote outside rows [i0, i1) at " + i);
                    }
                }
            }
        }
    }

    @Test
    void transposedRightOperandGemmStaysWithinTheRoundingBound() {
        for (int[] s : SHAPES) {
            for (boolean accumulate : new boolean[] {false, true}) {
                int m = s[0], n = s[1], k = s[2];
                int aOff = 2, bOff = 7, cOff = 1;
                float[] a = random(aOff + m * k);
                float[] bt = random(bOff + n * k);
                float[] b = new float[k * n];
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        b[p * n + j] = bt[bOff + j * k + p];
                    }
                }
                float[] c0 = random(cOff + m * n);
                int i0 = m > 2 ? 1 : 0;
                double[][] ref = reference(a, aOff, b, 0, c0, cOff, n, k, accumulate, i0, m);
                float[] vec = c0.clone();
                VectorGemm.gemmNT(a, aOff, bt, bOff, vec, cOff, n, k, accumulate, i0, m);
                check("NT " + java.util.Arrays.toString(s) + " acc=" + accumulate, ref, vec, cOff, n, i0, (k + 2) * Math.ulp(1f));
            }
        }
    }

    @Test
    void float64GemmOfBothKindsStaysWithinTheRoundingBoundOfACompensatedSum() {
        double worst = 0;
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            int aOff = 2, bOff = 1, cOff = 3;
            double[] a = new double[aOff + m * k];
            double[] b = new double[bOff + k * n];
            double[] c0 = new double[cOff + m * n];
            for (double[] v : new double[][] {a, b, c0}) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextDouble() * 2 - 1;
                }
            }
            int i0 = m > 2 ? 1 : 0;
            for (boolean accumulate : new boolean[] {false, true}) {
                double[] vec = c0.clone();
                double[] sca = c0.clone();
                VectorGemm.gemm(a, aOff, b, bOff, vec, cOff, n, k, accumulate, i0, m);
                CpuGemm.gemm(a, aOff, b, bOff, sca, cOff, m, n, k, accumulate, i0, m);
                for (int i = 0; i < vec.length; i++) {
                    int row = i < cOff ? -1 : (i - cOff) / Math.max(1, n);
                    if (i < cOff || row < i0) {
                        assertArrayEquals(new double[] {c0[i]}, new double[] {vec[i]}, "untouched element " + i);
                        continue;
                    }
                    int j = (i - cOff) % n;
                    // the product summed with TwoSum/FMA error terms (accurate to about one rounding),
                    // and the magnitude sum that any order's rounding error is bounded by
                    double sum = accumulate ? c0[i] : 0;
                    double err = 0;
                    double magnitude = Math.abs(sum);
                    for (int p = 0; p < k; p++) {
                        double x = a[aOff + row * k + p];
                        double y = b[bOff + p * n + j];
                        double prod = x * y;
                        double prodErr = Math.fma(x, y, -prod);
                        double t = sum + prod;
                        double z = t - sum;
                        err += (sum - (t - z)) + (prod - z) + prodErr;
                        sum = t;
                        magnitude += Math.abs(prod);
                    }
                    double exact = sum + err;
                    double bound = (k + 1) * 0x1p-53 * magnitude + Math.ulp(exact);
                    for (double got : new double[] {vec[i], sca[i]}) {
                        double e = Math.abs(got - exact);
                        worst = Math.max(worst, e / bound);
                        if (e > bound) {
                            throw new AssertionError(java.util.Arrays.toString(s) + " accumulate " + accumulate + ": element "
                                    + i + " got " + got + " compensated " + exact + " (error " + e + " > " + bound + ")");
                        }
                    }
                }
            }
        }
        System.out.printf("VectorGemmTest float64: worst error / bound %.3f%n", worst);
    }
}
