package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zerocost.engine.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed-bit kernel update equals the definition K += c c^T + (1 - c)(1 - c)^T. */
class ActivationCodesTest {
    @Test
    void packedCountsEqualTheDefinitionIncludingZerosAndPartialWords() {
        Random rnd = new Random(7);
        int n = 5;
        int f = 3 * 7 * 9; // 189: not a multiple of 64
        float[] x = new float[n * f];
        for (int i = 0; i < x.length; i++) {
            int r = rnd.nextInt(3);
            x[i] = r == 0 ? 0f : r == 1 ? -rnd.nextFloat() : rnd.nextFloat(); // exact zeros code as off
        }
        double[][] k = new double[n][n];
        ActivationCodes.accumulate(k, Tensor.of(x, n, 3, 7, 9));
        ActivationCodes.accumulate(k, Tensor.of(x, n, 3, 7, 9)); // accumulates
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int same = 0;
                for (int e = 0; e < f; e++) {
                    boolean a = x[i * f + e] > 0;
                    boolean b = x[j * f + e] > 0;
                    same += a == b ? 1 : 0;
                }
                assertEquals(2.0 * same, k[i][j], 0.0, "K[" + i + "][" + j + "]");
            }
        }
    }
}
