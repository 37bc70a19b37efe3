package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxies that share loss-gradient passes give the same scores, bit for bit, as standalone runs. */
class SharedGradientsTest {
    @Test
    void sharedAndStandaloneRunsGiveIdenticalScores() {
        ToyNetwork net = new ToyNetwork(true, false, 11);
        List<Batch> batches = List.of(ToyNetwork.batch(12, 6), ToyNetwork.batch(13, 6));
        List<Proxy> proxies = List.of("grad_norm", "snip", "nwot", "plain", "zico", "grasp", "fisher", "synflow").stream()
                .map(ProxyRegistry::get).toList();
        Map<String, ProxyRunner.Timed> shared = ProxyRunner.run(net, batches, proxies, true);
        Map<String, ProxyRunner.Timed> alone = ProxyRunner.run(net, batches, proxies, false);
        for (Proxy p : proxies) {
            ProxyResult a = shared.get(p.name()).result();
            ProxyResult b = alone.get(p.name()).result();
            assertTrue(a.ok() && b.ok(), p.name() + ": " + a.error() + " / " + b.error());
            assertEquals(Double.doubleToLongBits(b.score()), Double.doubleToLongBits(a.score()),
                    p.name() + ": shared " + a.score() + " standalone " + b.score());
        }
    }

    @Test
    void nwotTakesItsCodesFromTheFirstGradientPassOnBatchZero() {
        ToyNetwork net = new ToyNetwork(true, false, 11);
        List<Batch> batches = List.of(ToyNetwork.batch(12, 6), ToyNetwork.batch(13, 6));
        Proxy nwot = ProxyRegistry.get("nwot");
        assertTrue(nwot.readsActivationCodes());
        ProxyResult alone = nwot.compute(fresh(net), batches);

        SharedGradients shared = SharedGradients.shared(true);
        assertNull(shared.activationKernel(), "nothing recorded before a pass");
        shared.weightGradients(fresh(net), batches, 1);
        assertNull(shared.activationKernel(), "a pass on batch 1 records no codes");
        shared.weightGradients(fresh(net), batches, 0);
        assertTrue(shared.activationKernel() != null, "the pass on batch 0 recorded the codes");
        ToyNetwork other = fresh(net);
        ProxyResult reused = nwot.compute(other, batches, shared);
        assertEquals(Double.doubleToLongBits(alone.score()), Double.doubleToLongBits(reused.score()),
                "nwot from the gradient pass " + reused.score() + ", from its own forward " + alone.score());
        assertEquals(0L, other.child("bn1").buffer("num_batches_tracked").toLongArray()[0], "nwot ran no forward");

        SharedGradients off = SharedGradients.shared(false);
        off.weightGradients(fresh(net), batches, 0);
        assertNull(off.activationKernel(), "no codes recorded unless a proxy reads them");
    }

    @Test
    void aReusedPassIsNotRecomputed() {
        ToyNetwork net = new ToyNetwork(true, false, 11);
        List<Batch> batches = List.of(ToyNetwork.batch(12, 6));
        SharedGradients shared = SharedGradients.shared();
        var first = shared.weightGradients(net.duplicate(), batches, 0);
        ScoredNetwork other = net.duplicate();
        var again = shared.weightGradients(other, batches, 0);
        for (String layer : first.keySet()) {
            assertEquals(first.get(layer).abs().sum().item(), again.get(layer).abs().sum().item(), 0.0, layer);
        }
        long forwards = ((ToyNetwork) other).child("bn1").buffer("num_batches_tracked").toLongArray()[0];
        assertEquals(0L, forwards, "the second copy never ran a forward pass");
    }

    private static ToyNetwork fresh(ToyNetwork net) {
        ToyNetwork copy = (ToyNetwork) net.duplicate();
        copy.train(true);
        return copy;
    }
}
