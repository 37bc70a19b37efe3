package dev.zerocost.engine.persample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accumulator against direct, numpy-style computations over the kept gradients. */
class GradientStatisticsTest {
    /** numpy over the stacked gradients: mean, mean |g| and population std per element. */
    static double[][] direct(List<double[]> grads) {
        int n = grads.size();
        int size = grads.get(0).length;
        double[] mean = new double[size];
        double[] meanAbs = new double[size];
        double[] std = new double[size];
        for (double[] g : grads) {
            for (int j = 0; j < size; j++) {
                mean[j] += g[j] / n;
                meanAbs[j] += Math.abs(g[j]) / n;
            }
        }
        for (double[] g : grads) {
            for (int j = 0; j < size; j++) {
                std[j] += (g[j] - mean[j]) * (g[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < size; j++) {
            std[j] = Math.sqrt(std[j]);
        }
        return new double[][] {mean, meanAbs, std};
    }

    /** compute_zico.py's caculate_zico for one layer; NaN where it skips the layer. */
    static double directZico(List<double[]> grads) {
        double[][] s = direct(grads);
        double sum = 0;
        for (int j = 0; j < s[2].length; j++) {
            if (s[2][j] != 0) {
                sum += s[1][j] / s[2][j];
            }
        }
        return sum == 0 ? Double.NaN : Math.log(sum);
    }

    private static double[] gaussian(TorchGenerator gen, int n, double mean, double std) {
        double[] v = new double[n];
        gen.fillGaussian(v, mean, std);
        return v;
    }

    @Test
    void streamingSumsMatchTheKeptGradientsEvenWhenTheMeanDwarfsTheSpread() {
        TorchGenerator gen = TorchGenerator.manualSeed(1);
        GradientStatistics streaming = GradientStatistics.streaming();
        GradientStatistics kept = GradientStatistics.materialising();
        double[] offset = gaussian(gen, 500, 0, 1000); // |mean| / std up to ~3000
        for (int i = 0; i < 64; i++) {
            double[] g = gaussian(gen, 500, 0, 1);
            for (int j = 0; j < g.length; j++) {
                g[j] = (float) (g[j] + offset[j]);
            }
            streaming.accept("w", g);
            kept.accept("w", g);
        }
        double[] std = kept.std("w");
        double[] s = streaming.std("w");
        double worst = 0;
        for (int j = 0; j < std.length; j++) {
            worst = Math.max(worst, Math.abs(std[j] - s[j]) / std[j]);
            // float32 inputs near 1000 carry ~6e-5 absolute rounding; std ~1: 1e-5 relative to it is a fair bar
            assertEquals(std[j], s[j], 1e-5 * std[j], "std of element " + j);
        }
        System.out.printf("streaming std with |mean|/std up to ~3000: worst per-element relative error %.2e%n", worst);
        assertTrue(PerSampleGradientsTest.relativeError(kept.mean("w"), streaming.mean("w")) < 1e-6);
        assertTrue(PerSampleGradientsTest.relativeError(kept.meanAbs("w"), streaming.meanAbs("w")) < 1e-6);
        double[][] d = direct(kept.gradients("w"));
        assertTrue(PerSampleGradientsTest.relativeError(d[2], std) < 1e-12);
    }

    @Test
    void zicoTermExcludesZeroStdElementsAndSkipsALayerWhoseGradientsNeverChange() {
        TorchGenerator gen = TorchGenerator.manualSeed(4);
        for (GradientStatistics stats : List.of(GradientStatistics.streaming(), GradientStatistics.materialising())) {
            List<double[]> mixed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                double[] g = gaussian(gen, 100, 0.1, 0.3);
                for (int j = 0; j < 100; j += 3) {
                    g[j] = j % 2 == 0 ? 0.0 : 0.25; // a third of the elements never change
                }
                mixed.add(g);
                stats.accept("mixed", g);
                stats.accept("constant", new double[] {0.1, -0.7, 0.0, 3.0});
                stats.accept("zeros", new double[5]);
            }
            double expected = directZico(mixed);
            assertTrue(Double.isFinite(expected));
            assertEquals(expected, stats.zicoLayerTerm("mixed").orElseThrow(), 1e-6 * Math.abs(expected));
            double[] std = stats.std("mixed");
            for (int j = 0; j < 100; j += 3) {
                assertEquals(0.0, std[j], "element " + j + " never changes");
            }
            assertTrue(stats.zicoLayerTerm("constant").isEmpty(), "identical gradients: std 0 everywhere, layer skipped");
            assertTrue(stats.zicoLayerTerm("zeros").isEmpty());
            assertEquals(expected, stats.zico(List.of("mixed", "constant", "zeros")), 1e-6 * Math.abs(expected));
        }
    }

    @Test
    void nonFiniteGradientsGiveANanStdAndANanZicoTermInBothModes() {
        for (GradientStatistics stats : List.of(GradientStatistics.streaming(), GradientStatistics.materialising())) {
            stats.accept("nan", new double[] {0.5, Double.NaN, 1.0});
            stats.accept("nan", new double[] {0.25, 0.5, 2.0});
            stats.accept("inf", new double[] {Double.POSITIVE_INFINITY, 1.0});
            stats.accept("inf", new double[] {1.0, 2.0});
            assertTrue(Double.isNaN(stats.std("nan")[1]), "numpy: std of [nan, 0.5] is nan");
            assertEquals(0.125, stats.std("nan")[0], 1e-12);
            assertTrue(Double.isNaN(stats.zicoLayerTerm("nan").orElseThrow()), "a NaN std counts as non-zero");
            assertTrue(Double.isNaN(stats.zicoLayerTerm("inf").orElseThrow()), "numpy: std of [inf, 1] is nan");
        }
    }

    @Test
    void statisticsOverSeveralBatchGradientsMatchTheOfficialComputation() {
        TorchGenerator gen = TorchGenerator.manualSeed(13);
        Module net = Nb201LikeNetwork.create(4, 5, 7);
        Map<String, Tensor> params = net.namedParameters();
        List<String> weights = PerSampleGradients.of(net).includeBiases(false).parameterNames();
        GradientStatistics stats = GradientStatistics.streaming();
        Map<String, List<double[]>> kept = new java.util.LinkedHashMap<>();
        for (int batch = 0; batch < 3; batch++) {
            Tensor x = Nb201LikeNetwork.input(gen, 8, 8, DType.FLOAT32);
            Tensor y = Nb201LikeNetwork.labels(gen, 8, 5);
            Tensor loss = Nb201LikeNetwork.crossEntropy(y).apply(net.call(x));
            List<Tensor> grads = Autograd.grad(loss, weights.stream().map(params::get).toList(), false);
            for (int k = 0; k < weights.size(); k++) {
                stats.accept(weights.get(k), grads.get(k));
                kept.computeIfAbsent(weights.get(k), n -> new ArrayList<>()).add(grads.get(k).toDoubleArray());
            }
        }
        assertEquals(weights, stats.names());
        double total = 0;
        double worst = 0;
        for (String name : weights) {
            assertEquals(3, stats.count(name));
            assertArrayEquals(params.get(name).shape(), stats.shape(name));
            double[][] d = direct(kept.get(name));
            worst = Math.max(worst, PerSampleGradientsTest.relativeError(d[0], stats.mean(name)));
            worst = Math.max(worst, PerSampleGradientsTest.relativeError(d[1], stats.meanAbs(name)));
            worst = Math.max(worst, PerSampleGradientsTest.relativeError(d[2], stats.std(name)));
            double z = directZico(kept.get(name));
            assertEquals(z, stats.zicoLayerTerm(name).orElseThrow(), 1e-5 * Math.max(1, Math.abs(z)), name);
            total += z;
        }
        System.out.printf("statistics over 3 batch gradients vs direct: worst relative error %.2e%n", worst);
        assertTrue(worst < 1e-5, "" + worst);
        assertEquals(total, stats.zico(weights), 1e-5 * Math.abs(total));
    }

    @Test
    void streamingHoldsFourFloatsPerParameterAndMaterialisingKeepsEveryGradient() {
        GradientStatistics streaming = GradientStatistics.streaming();
        GradientStatistics kept = GradientStatistics.materialising();
        for (int i = 0; i < 10; i++) {
            streaming.accept("a", new double[7]);
            streaming.accept("b", new double[3]);
            kept.accept("a", new double[7]);
        }
        assertEquals(10, streaming.parameters());
        assertEquals(16.0, streaming.bytesPerParameter());
        assertEquals(160, streaming.bytes());
        assertEquals(80.0, kept.bytesPerParameter());
        assertThrows(IllegalStateException.class, () -> streaming.gradients("a"));
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> streaming.accept("a", new double[6]));
        assertTrue(size.getMessage().contains("'a'"), size.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> streaming.mean("c"));
        assertTrue(unknown.getMessage().contains("'c'"), unknown.getMessage());
    }
}
