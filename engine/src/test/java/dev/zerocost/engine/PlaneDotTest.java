package dev.zerocost.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.cpu.CpuBackend;
import dev.zerocost.engine.cpu.CpuReferenceBackend;
import dev.zerocost.engine.io.NdArray;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Functional#planeDot}: per sample and channel, the sum over positions of a * b (fisher's
 * s), on the fused {@code cpu} kernel and on the reference backend's default path (what the GPU
 * backends run), against the float64 sum of the float32 products.
 */
class PlaneDotTest {
    private static final int[][] SHAPES = {{3, 5, 7, 7}, {2, 4, 8, 8}, {4, 16, 32, 32}, {1, 1, 1, 3}, {64, 8, 1, 1}};

    @Test
    void sumsEachPlaneOfTheProductOnBothBackends() {
        for (Backend backend : new Backend[] {new CpuBackend(), new CpuReferenceBackend()}) {
            double worst = 0;
            for (int[] shape : SHAPES) {
                Random r = new Random(shape[0] * 1000 + shape[2]);
                int size = shape[0] * shape[1] * shape[2] * shape[3];
                float[] a = new float[size];
                float[] b = new float[size];
                for (int i = 0; i < size; i++) {
                    a[i] = (float) (r.nextGaussian() + 0.5);
                    b[i] = (float) r.nextGaussian();
                }
                Tensor ta = Tensor.of(backend, new NdArray(DType.FLOAT32, shape, a));
                Tensor tb = Tensor.of(backend, new NdArray(DType.FLOAT32, shape, b));
                Tensor s = Functional.planeDot(ta, tb);
                assertArrayEquals(new int[] {shape[0], shape[1]}, s.shape(), "shape of planeDot");
                float[] got = s.toFloatArray();
                int plane = shape[2] * shape[3];
                for (int p = 0; p < shape[0] * shape[1]; p++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int q = p * plane; q < (p + 1) * plane; q++) {
                        double t = (double) (a[q] * b[q]);
                        exact += t;
                        magnitude += Math.abs(t);
                    }
                    // float32 products summed in float64 (both backends' reductions), rounded once
                    // to float32: within 2^-24 of sum |t| for the products and as much for the sum
                    // (measured worst printed: about 0.4 x 2^-24)
                    double bound = 2 * 0x1p-24 * magnitude;
                    double err = Math.abs(got[p] - exact);
                    worst = Math.max(worst, err / Math.max(magnitude, Double.MIN_NORMAL));
                    assertTrue(err <= bound, backend.name() + " " + java.util.Arrays.toString(shape) + " plane " + p
                            + ": " + got[p] + " vs " + exact + " (bound " + bound + ")");
                }
            }
            System.out.printf("PlaneDotTest: %s worst error %.2e of sum |a b|%n", backend.name(), worst);
        }
    }

    @Test
    void refusesTensorsOfOtherShapesOrRanks() {
        Tensor a = Tensor.zeros(2, 3, 4, 4);
        String m = assertThrows(IllegalArgumentException.class, () -> Functional.planeDot(a, Tensor.zeros(2, 3, 4, 5)))
                .getMessage();
        assertTrue(m.contains("[2, 3, 4, 4]") && m.contains("[2, 3, 4, 5]"), m);
        String r = assertThrows(IllegalArgumentException.class, () -> Functional.planeDot(Tensor.zeros(6, 16), Tensor.zeros(6, 16)))
                .getMessage();
        assertTrue(r.contains("[N, C, H, W]"), r);
    }
}
