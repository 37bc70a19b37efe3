package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** zico and zico_persample on a toy network, against the definition computed directly in float64. */
class ZicoTest {
    private static final List<String> LAYERS = List.of("conv1", "conv2", "classifier");

    /** Sample i of a batch as a batch of one. */
    private static Batch sample(Batch b, int i) {
        float[] x = b.input().toFloatArray();
        int per = x.length / b.size();
        float[] xi = java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per);
        return new Batch(Tensor.of(xi, 1, 3, 8, 8), Tensor.ofLongs(new long[] {b.labels().toLongArray()[i]}, 1));
    }

    /** dL/dW (batch-mean cross-entropy) of each layer's weight, in float64. */
    private static Map<String, double[]> gradients(ToyNetwork net, Batch b) {
        List<Tensor> weights = new ArrayList<>();
        LAYERS.forEach(l -> weights.add(net.child(l).param("weight")));
        List<Tensor> g = Autograd.grad(Functional.crossEntropy(net.call(b.input()), b.labels()), weights, false);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int k = 0; k < LAYERS.size(); k++) {
            out.put(LAYERS.get(k), g.get(k).toDoubleArray());
        }
        return out;
    }

    /** ln(sum over elements with std != 0 of mean|g| / std_pop), or 0 when that sum is 0 (skipped). */
    private static double term(List<double[]> gs) {
        int n = gs.size();
        double s = 0;
        for (int j = 0; j < gs.get(0).length; j++) {
            double mean = 0;
            double meanAbs = 0;
            for (double[] g : gs) {
                mean += g[j] / n;
                meanAbs += Math.abs(g[j]) / n;
            }
            double var = 0;
            for (double[] g : gs) {
                var += (g[j] - mean) * (g[j] - mean) / n;
            }
            if (var != 0) {
                s += meanAbs / Math.sqrt(var);
            }
        }
        return s == 0 ? 0 : Math.log(s);
    }

    private static void assertMatches(Map<String, List<double[]>> grads, ProxyResult r, double tol) {
        assertTrue(r.ok(), r.error());
        double total = 0;
        for (String layer : LAYERS) {
            double expected = term(grads.get(layer));
            assertEquals(expected, r.perLayer().get(layer), tol, layer);
            total += expected;
        }
        assertEquals(total, r.score(), tol * LAYERS.size());
    }

    @Test
    void zicoIsTheDefinitionOverPerBatchGradientsNotARunningTotal() {
        ToyNetwork net = new ToyNetwork(true, false, 7);
        List<Batch> batches = List.of(ToyNetwork.batch(8, 6), ToyNetwork.batch(9, 6), ToyNetwork.batch(10, 6));
        ProxyResult r = ProxyRunner.runOne(net, batches, ProxyRegistry.get("zico")).result();
        ToyNetwork fresh = (ToyNetwork) net.duplicate();
        fresh.train(true);
        Map<String, List<double[]>> grads = new LinkedHashMap<>();
        for (Batch b : batches) {
            gradients(fresh, b).forEach((l, g) -> grads.computeIfAbsent(l, k -> new ArrayList<>()).add(g));
        }
        assertMatches(grads, r, 1e-6);
    }

    @Test
    void zicoPerSampleWithoutBatchNormIsTheDefinitionOverOneSampleAtATime() {
        // no batch norm: the per-sample gradient of one backward pass equals the gradient of the
        // sample run alone, so the streaming one-pass score must equal this B-pass computation
        ToyNetwork net = new ToyNetwork(false, false, 11);
        Batch b = ToyNetwork.batch(12, 7);
        ProxyResult r = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get("zico_persample")).result();
        ToyNetwork fresh = (ToyNetwork) net.duplicate();
        fresh.train(true);
        Map<String, List<double[]>> grads = new LinkedHashMap<>();
        for (int i = 0; i < b.size(); i++) {
            gradients(fresh, sample(b, i)).forEach((l, g) -> grads.computeIfAbsent(l, k -> new ArrayList<>()).add(g));
        }
        assertMatches(grads, r, 1e-5);
    }

    @Test
    void allZeroGradientsSkipEveryLayerAndScoreZeroAsTheOfficialCodeDoes() {
        ToyNetwork net = new ToyNetwork(true, false, 13);
        Map<String, Tensor> zeros = new LinkedHashMap<>();
        net.stateDict().forEach((k, v) -> zeros.put(k, v.dtype().isFloating() ? v.mul(0.0) : v));
        net.loadStateDict(zeros);
        for (String proxy : List.of("zico", "zico_persample")) {
            ProxyResult r = ProxyRunner.runOne(net, List.of(ToyNetwork.batch(14, 4), ToyNetwork.batch(15, 4)), ProxyRegistry.get(proxy)).result();
            assertTrue(r.ok(), proxy + ": " + r.error());
            assertEquals(0.0, r.score(), proxy);
            assertEquals(Map.of("conv1", 0.0, "conv2", 0.0, "classifier", 0.0), r.perLayer(), proxy);
        }
    }

    @Test
    void nonFiniteGradientsGiveNanWithTheLayerNamed() {
        Batch good = ToyNetwork.batch(16, 4);
        float[] x = good.input().toFloatArray();
        x[5] = Float.NaN;
        Batch bad = new Batch(Tensor.of(x, 4, 3, 8, 8), good.labels());
        for (String proxy : List.of("zico", "zico_persample")) {
            ProxyResult r = ProxyRunner.runOne(new ToyNetwork(true, false, 17), List.of(bad, good),
                    ProxyRegistry.get(proxy)).result();
            assertFalse(r.ok(), proxy);
            assertTrue(Double.isNaN(r.score()), proxy);
            assertTrue(r.error().contains("layer '"), proxy + ": " + r.error());
        }
    }

    @Test
    void tooFewBatchesOrSamplesAreErrorsThatSayWhatIsNeeded() {
        ToyNetwork net = new ToyNetwork(true, false, 18);
        ProxyResult one = ProxyRunner.runOne(net, List.of(ToyNetwork.batch(19, 4)), ProxyRegistry.get("zico")).result();
        assertFalse(one.ok());
        assertTrue(one.error().contains("2 batches"), one.error());
        ProxyResult single = ProxyRunner.runOne(net, List.of(ToyNetwork.batch(19, 1)), ProxyRegistry.get("zico_persample")).result();
        assertFalse(single.ok());
        assertTrue(single.error().contains("at least 2 samples"), single.error());
    }
}
