package dev.zerocost.engine.persample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Semantics of per-sample gradients on an NB-201-style network. */
class PerSampleGradientsTest {
    private static final int B = 6;
    private static final int SIZE = 8;
    private static final int CLASSES = 5;

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double maxAbsDifference(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        return err;
    }

    /** max |expected - actual| / max |expected| (the absolute error when expected is all zero). */
    static double relativeError(double[] expected, double[] actual) {
        double scale = maxAbs(expected);
        double err = maxAbsDifference(expected, actual);
        return scale == 0 ? err : err / scale;
    }

    private static double sumOfPerSampleMinusBatch(DType dtype, String backend) {
        Backend previous = Backends.use(Backends.select(backend));
        try {
            TorchGenerator gen = TorchGenerator.manualSeed(11);
            Module net = Nb201LikeNetwork.create(4, CLASSES, 3).to(dtype);
            Tensor x = Nb201LikeNetwork.input(gen, B, SIZE, dtype);
            Tensor y = Nb201LikeNetwork.labels(gen, B, CLASSES);
            GradientStatistics stats = GradientStatistics.materialising();
            PerSampleGradients.Result r = PerSampleGradients.of(net).run(x, Nb201LikeNetwork.crossEntropy(y), stats);
            assertEquals(List.of("stem.0.weight", "cell.conv.1.weight", "reduction.conv_a.1.weight",
                    "reduction.conv_b.1.weight", "reduction.downsample.1.weight", "reduction.downsample.1.bias",
                    "classifier.weight", "classifier.bias"), stats.names());
            double worst = 0;
            for (Map.Entry<String, Tensor> e : r.batchGradients().entrySet()) {
                assertEquals(B, stats.count(e.getKey()));
                double[] expected = e.getValue().mul(B).toDoubleArray();
                double[] sum = new double[expected.length];
                for (double[] g : stats.gradients(e.getKey())) {
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += g[j];
                    }
                }
                // a sum's rounding scales with its terms: a bias feeding a train-mode BN has a batch
                // gradient that is zero up to rounding, so measure against the largest G_i too
                double scale = maxAbs(expected);
                for (double[] g : stats.gradients(e.getKey())) {
                    scale = Math.max(scale, maxAbs(g));
                }
                worst = Math.max(worst, maxAbsDifference(expected, sum) / scale);
            }
            return worst;
        } finally {
            Backends.use(previous);
        }
    }

    @Test
    void perSampleGradientsSumToBTimesTheBatchGradientInTrainModeFloat32() {
        for (String backend : List.of("cpu", "cpu-reference")) {
            double worst = sumOfPerSampleMinusBatch(DType.FLOAT32, backend);
            System.out.printf("sum_i G_i vs B * batch gradient, float32, %s: worst relative error %.2e%n", backend, worst);
            assertTrue(worst < 1e-5, backend + ": " + worst);
        }
    }

    @Test
    void perSampleGradientsSumToBTimesTheBatchGradientInTrainModeFloat64() {
        double worst = sumOfPerSampleMinusBatch(DType.FLOAT64, "cpu");
        System.out.printf("sum_i G_i vs B * batch gradient, float64: worst relative error %.2e%n", worst);
        assertTrue(worst < 1e-10, "" + worst);
    }

    @Test
    void batchGradientsEqualThoseOfAPlainBackward() {
        TorchGenerator gen = TorchGenerator.manualSeed(5);
        Module net = Nb201LikeNetwork.create(4, CLASSES, 9);
        Tensor x = Nb201LikeNetwork.input(gen, B, SIZE, DType.FLOAT32);
        Tensor y = Nb201LikeNetwork.labels(gen, B, CLASSES);
        PerSampleGradients.Result r = PerSampleGradients.of(net).run(x, Nb201LikeNetwork.crossEntropy(y),
                GradientStatistics.streaming());
        Map<String, Tensor> params = net.namedParameters();
        List<String> names = new ArrayList<>(r.batchGradients().keySet());
        List<Tensor> plain = Autograd.grad(Nb201LikeNetwork.crossEntropy(y).apply(net.call(x)),
                names.stream().map(params::get).toList(), false);
        for (int k = 0; k < names.size(); k++) {
            double err = relativeError(plain.get(k).toDoubleArray(), r.batchGradients().get(names.get(k)).toDoubleArray());
            assertTrue(err < 1e-6, names.get(k) + ": " + err);
        }
    }

    @Test
    void inEvalModeEachPerSampleGradientIsTheGradientOfThatSampleRunAlone() {
        TorchGenerator gen = TorchGenerator.manualSeed(21);
        Module net = Nb201LikeNetwork.create(4, CLASSES, 4);
        try (GradMode.Scope s = GradMode.noGrad()) {
            net.call(Nb201LikeNetwork.input(gen, 8, SIZE, DType.FLOAT32)); // non-trivial running statistics
        }
        net.eval();
        Tensor x = Nb201LikeNetwork.input(gen, B, SIZE, DType.FLOAT32);
        Tensor y = Nb201LikeNetwork.labels(gen, B, CLASSES);
        GradientStatistics stats = GradientStatistics.materialising();
        PerSampleGradients.of(net).run(x, Nb201LikeNetwork.crossEntropy(y), stats);
        Map<String, Tensor> params = net.namedParameters();
        long[] labels = y.toLongArray();
        double worst = 0;
        for (int i = 0; i < B; i++) {
            Tensor xi = x.slice(i, i + 1);
            Tensor yi = Tensor.ofLongs(new long[] {labels[i]}, 1);
            Tensor loss = Nb201LikeNetwork.crossEntropy(yi).apply(net.call(xi));
            List<Tensor> alone = Autograd.grad(loss, stats.names().stream().map(params::get).toList(), false);
            for (int k = 0; k < alone.size(); k++) {
                double err = relativeError(alone.get(k).toDoubleArray(), stats.gradients(stats.names().get(k)).get(i));
                worst = Math.max(worst, err);
                assertTrue(err < 1e-5, stats.names().get(k) + " sample " + i + ": " + err);
            }
        }
        System.out.printf("eval-mode G_i vs sample run alone: worst relative error %.2e%n", worst);
    }

    @Test
    void streamingStatisticsEqualThoseOfTheMaterialisedPerSampleGradients() {
        TorchGenerator gen = TorchGenerator.manualSeed(8);
        Module net = Nb201LikeNetwork.create(4, CLASSES, 12);
        Tensor x = Nb201LikeNetwork.input(gen, 16, SIZE, DType.FLOAT32);
        Tensor y = Nb201LikeNetwork.labels(gen, 16, CLASSES);
        GradientStatistics streaming = GradientStatistics.streaming();
        GradientStatistics kept = GradientStatistics.materialising();
        PerSampleGradients.of(net).run(x, Nb201LikeNetwork.crossEntropy(y), streaming);
        PerSampleGradients.of(net).run(x, Nb201LikeNetwork.crossEntropy(y), kept); // train mode: same batch, same G_i
        assertEquals(kept.names(), streaming.names());
        double worst = 0;
        double worstZico = 0;
        for (String name : kept.names()) {
            assertEquals(16, streaming.count(name));
            assertEquals(java.util.Arrays.toString(kept.shape(name)), java.util.Arrays.toString(streaming.shape(name)));
            // the mean of a bias feeding a train-mode BN is ~0 while its G_i are not: scale by mean |G|
            double meanScale = Math.max(maxAbs(kept.mean(name)), maxAbs(kept.meanAbs(name)));
            worst = Math.max(worst, maxAbsDifference(kept.mean(name), streaming.mean(name)) / meanScale);
            worst = Math.max(worst, relativeError(kept.meanAbs(name), streaming.meanAbs(name)));
            worst = Math.max(worst, relativeError(kept.std(name), streaming.std(name)));
            double direct = GradientStatisticsTest.directZico(kept.gradients(name));
            double term = streaming.zicoLayerTerm(name).orElse(Double.NaN);
            assertEquals(direct, term, 1e-5 * Math.max(1, Math.abs(direct)), name);
            worstZico = Math.max(worstZico, Math.abs(direct - term));
        }
        System.out.printf("streaming vs materialised statistics (network): worst relative error %.2e,"
                + " worst |zico term - direct| %.2e%n", worst, worstZico);
        assertTrue(worst < 1e-5, "" + worst);
        assertEquals(16.0, streaming.bytesPerParameter());
        long params = 0;
        for (String name : streaming.names()) {
            params += net.namedParameters().get(name).size();
        }
        assertEquals(params, streaming.parameters());
    }

    @Test
    void askingForAModuleWithoutAPerSampleRuleNamesIt() {
        Module net = Nb201LikeNetwork.create(4, CLASSES, 1);
        IllegalArgumentException bn = assertThrows(IllegalArgumentException.class,
                () -> PerSampleGradients.of(net).modules("classifier", "cell.conv.2"));
        assertTrue(bn.getMessage().contains("'cell.conv.2'") && bn.getMessage().contains("BatchNorm2d"), bn.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PerSampleGradients.of(net).modules("cell.nope"));
        assertTrue(missing.getMessage().contains("'cell.nope'"), missing.getMessage());
        assertEquals(List.of("classifier.weight", "classifier.bias"),
                PerSampleGradients.of(net).modules("classifier").parameterNames());
    }

    /** One conv used twice, one conv whose output is thrown away, one linear that never runs. */
    static final class OddNetwork extends Module {
        final boolean shareConv;

        OddNetwork(boolean shareConv) {
            this.shareConv = shareConv;
            registerModule("conv", new Conv2d(3, 4, 3, 1, 1, true));
            registerModule("dead", new Conv2d(3, 2, 1, 1, 0, true));
            registerModule("unused", new Linear(4, 3, true));
            registerModule("head", new Linear(4, CLASSES, false));
        }

        @Override
        protected Tensor forward(Tensor x) {
            child("dead").call(x);
            Tensor y = child("conv").call(x);
            if (shareConv) {
                y = y.add(child("conv").call(x));
            }
            return child("head").call(y.relu().mean(false, 2, 3));
        }
    }

    @Test
    void layersThatDoNotReachTheLossGetZeroGradientsAndSharedLayersAreRejected() {
        TorchGenerator gen = TorchGenerator.manualSeed(2);
        OddNetwork net = new OddNetwork(false);
        dev.zerocost.engine.nn.Init.torchDefault(net, TorchGenerator.manualSeed(6));
        Tensor x = Nb201LikeNetwork.input(gen, B, SIZE, DType.FLOAT32);
        Tensor y = Nb201LikeNetwork.labels(gen, B, CLASSES);
        GradientStatistics stats = GradientStatistics.streaming();
        PerSampleGradients.Result r = PerSampleGradients.of(net).run(x, Nb201LikeNetwork.crossEntropy(y), stats);
        for (String name : List.of("dead.weight", "dead.bias", "unused.weight", "unused.bias")) {
            assertEquals(B, stats.count(name));
            assertEquals(0.0, java.util.Arrays.stream(stats.meanAbs(name)).max().orElseThrow(), name);
            assertEquals(0.0, java.util.Arrays.stream(r.batchGradients().get(name).toDoubleArray()).map(Math::abs).max()
                    .orElseThrow(), name);
            assertTrue(stats.zicoLayerTerm(name).isEmpty(), name);
        }
        assertTrue(stats.zicoLayerTerm("conv.weight").isPresent());

        OddNetwork shared = new OddNetwork(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerSampleGradients.of(shared)
                .run(x, Nb201LikeNetwork.crossEntropy(y), GradientStatistics.streaming()));
        assertTrue(e.getMessage().contains("'conv'") && e.getMessage().contains("2 times"), e.getMessage());
    }
}
