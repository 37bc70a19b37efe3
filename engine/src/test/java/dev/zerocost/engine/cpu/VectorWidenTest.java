package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VectorWidenTest {
    @BeforeEach
    void needsTheVectorApi() {
        if (!CpuKernels.VECTOR) {
            System.out.println("VectorWidenTest skipped: the Vector API is not enabled (" + CpuKernels.describe() + ")");
        }
        assumeTrue(CpuKernels.VECTOR, "needs --add-modules jdk.incubator.vector");
    }

    @Test
    void addsLikeTheScalarLoopBitForBitAtEveryLengthAroundTheVectorWidth() {
        Random random = new Random(7);
        for (int n = 0; n <= 70; n++) {
            float[] src = new float[n];
            double[] acc = new double[n];
            for (int i = 0; i < n; i++) {
                src[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
                acc[i] = random.nextGaussian() * 1e3;
            }
            double[] expected = acc.clone();
            for (int i = 0; i < n; i++) {
                expected[i] += src[i];
            }
            VectorWiden.add(src, acc, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(acc[i]), "n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void keepsNaNInfinitiesAndSignedZerosAndLeavesTheTailBeyondNAlone() {
        float[] src = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, -0.0f, 1e-45f, -3.5f,
            Float.MAX_VALUE, 2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f, 2f};
        double[] acc = {1, 1, 1, -0.0, -0.0, 0.0, 0, 0, Double.MAX_VALUE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9};
        double[] expected = acc.clone();
        int n = 18;
        for (int i = 0; i < n; i++) {
            expected[i] += src[i];
        }
        VectorWiden.add(src, acc, n);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(acc[i]), "i=" + i);
        }
        assertEquals(9.0, acc[18]);
        assertEquals(9.0, acc[19]);
    }
}
