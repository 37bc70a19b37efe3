package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxy semantics on a toy network, checked against independent computations. */
class ProxiesTest {
    @Test
    void gradNormIsTheSumOfWeightGradientNormsFromBackward() {
        ToyNetwork net = new ToyNetwork(true, false, 1);
        Batch b = ToyNetwork.batch(2, 6);
        ProxyResult r = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get("grad_norm")).result();
        ToyNetwork fresh = (ToyNetwork) net.duplicate();
        Functional.crossEntropy(fresh.call(b.input()), b.labels()).backward();
        double expected = 0;
        for (String layer : List.of("conv1", "conv2", "classifier")) {
            Tensor g = fresh.child(layer).param("weight").grad();
            expected += Math.sqrt(g.mul(g).sum().item());
        }
        assertTrue(r.ok(), r.error());
        assertEquals(expected, r.score(), 1e-6 * expected);
        assertEquals(3, r.perLayer().size());
    }

    @Test
    void snipAndPlainAgreeWithTheirDefinitionsLayerByLayer() {
        ToyNetwork net = new ToyNetwork(true, false, 3);
        Batch b = ToyNetwork.batch(4, 6);
        ProxyResult snip = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get("snip")).result();
        ProxyResult plain = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get("plain")).result();
        ToyNetwork fresh = (ToyNetwork) net.duplicate();
        Functional.crossEntropy(fresh.call(b.input()), b.labels()).backward();
        for (String layer : List.of("conv1", "conv2", "classifier")) {
            Tensor w = fresh.child(layer).param("weight");
            Tensor wg = w.mul(w.grad());
            assertEquals(wg.abs().sum().item(), snip.perLayer().get(layer), 1e-6 * Math.abs(wg.abs().sum().item()));
            assertEquals(wg.sum().item(), plain.perLayer().get(layer), 1e-5 * wg.abs().sum().item());
        }
    }

    @Test
    void synflowOfAPoolThenLinearNetworkOnOnesIsTheSumOfAbsoluteLinearWeights() {
        // with conv layers in front the closed form is not simple; check the classifier layer:
        // R = sum_k sum_j |W_kj| f_j + |b_k|, so |W * dR/dW| = |W| f with f the pooled features
        ToyNetwork net = new ToyNetwork(true, false, 5);
        ProxyResult r = ProxyRunner.runOne(net, List.of(ToyNetwork.batch(6, 2)), ProxyRegistry.get("synflow")).result();
        ScoredNetwork plain = net.withoutBatchNorm();
        plain.module().to(DType.FLOAT64);
        Map<String, Tensor> abs = new java.util.LinkedHashMap<>();
        plain.module().stateDict().forEach((k, v) -> abs.put(k, v.abs()));
        plain.module().loadStateDict(abs);
        Tensor f = plain.features(Tensor.ones(DType.FLOAT64, 1, 3, 8, 8)).mean(false, 2, 3);
        Tensor w = plain.module().child("classifier").param("weight");
        double expected = w.mul(f).sum().item();
        assertTrue(r.ok(), r.error());
        assertEquals(expected, r.perLayer().get("classifier"), 1e-12 * expected);
        assertTrue(r.perLayer().get("conv1") > 0);
    }

    @Test
    void jacobCovIsNanWithAReasonWhenTheOutputIgnoresTheInput() {
        ProxyResult r = ProxyRunner.runOne(new ToyNetwork(true, true, 1), List.of(ToyNetwork.batch(1, 6)),
                ProxyRegistry.get("jacob_cov")).result();
        assertFalse(r.ok());
        assertTrue(Double.isNaN(r.score()));
        assertTrue(r.error().contains("Jacobian"), r.error());
        ProxyResult ok = ProxyRunner.runOne(new ToyNetwork(true, false, 1), List.of(ToyNetwork.batch(1, 6)),
                ProxyRegistry.get("jacob_cov")).result();
        assertTrue(ok.ok() && Double.isFinite(ok.score()), String.valueOf(ok.error()));
    }

    @Test
    void nwotKernelHasTheReluCountOnItsDiagonal() {
        // every sample agrees with itself at every ReLU unit: K_ii = total ReLU units
        ToyNetwork net = new ToyNetwork(true, false, 9);
        Batch b = ToyNetwork.batch(10, 4);
        ProxyResult r = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get("nwot")).result();
        assertTrue(r.ok(), r.error());
        double units = 4 * 8 * 8 + 6 * 4 * 4;
        // log det K <= n log(units) (Hadamard's inequality, diagonal entries = units)
        assertTrue(r.score() <= 4 * Math.log(units) + 1e-9, "score " + r.score());
        assertTrue(r.score() > 0);
    }

    @Test
    void graspAndFisherGiveFiniteScoresWithPerLayerDetail() {
        ToyNetwork net = new ToyNetwork(true, false, 11);
        Batch b = ToyNetwork.batch(12, 6);
        for (String name : List.of("grasp", "fisher", "l2_norm", "params", "synflow_bn")) {
            ProxyResult r = ProxyRunner.runOne(net, List.of(b), ProxyRegistry.get(name)).result();
            assertTrue(r.ok() && Double.isFinite(r.score()), name + ": " + r.error());
        }
    }

    @Test
    void aFailingProxyBecomesNanWithItsReasonAndProxiesNeverSeeEachOthersChanges() {
        ToyNetwork net = new ToyNetwork(true, false, 1);
        Tensor before = net.child("conv1").param("weight").copy();
        Proxy broken = new Proxy() {
            public String name() {
                return "broken";
            }

            public String description() {
                return "zeroes the weights, then fails";
            }

            public boolean higherIsBetter() {
                return true;
            }

            public ProxyResult compute(ScoredNetwork n, List<Batch> batches) {
                Module conv = n.module().child("conv1");
                conv.setParameter("weight", conv.param("weight").mul(0.0));
                throw new IllegalStateException("singular matrix");
            }
        };
        ProxyRunner.Timed t = ProxyRunner.runOne(net, List.of(ToyNetwork.batch(1, 4)), broken);
        assertTrue(Double.isNaN(t.result().score()));
        assertTrue(t.result().error().contains("singular matrix"));
        assertEquals(before.sub(net.child("conv1").param("weight")).abs().sum().item(), 0.0);
    }

    @Test
    void unknownProxyNamesAreAnErrorListingTheKnownOnes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProxyRegistry.parse("synflow,zicoo"));
        assertTrue(e.getMessage().contains("zicoo") && e.getMessage().contains("grad_norm"));
    }
}
