package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.MemoryScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pass inside a Scratch returns its memory but leaves the network and kept tensors usable. */
class ScratchTest {
    @Test
    void aPassReleasesItsGraphAndKeepsParametersRunningStatisticsAndKeptTensors() {
        Backend backend = Backends.current();
        ToyNetwork net = new ToyNetwork(true, false, 4);
        Batch b = ToyNetwork.batch(5, 6);
        try (MemoryScope outer = MemoryScope.open()) {
            long before = backend.liveBytes();
            List<Tensor> kept;
            try (Scratch pass = Scratch.open(net)) {
                kept = pass.keep(List.copyOf(ScoredLayers.weightGradients(net, b).values()));
                assertTrue(backend.liveBytes() > before, "the pass allocated its graph");
            }
            long keptBytes = kept.stream().mapToLong(t -> t.buffer().bytes()).sum();
            Tensor runningMean = net.child("bn1").buffer("running_mean");
            long stateBytes = runningMean.buffer().bytes() * 2 + 8; // running mean, var, num_batches_tracked
            assertTrue(backend.liveBytes() - before <= keptBytes + stateBytes,
                    "after the pass only the kept gradients and the new batch-norm state remain: "
                            + (backend.liveBytes() - before) + " bytes live, " + (keptBytes + stateBytes) + " expected at most");
            kept.forEach(t -> assertFalse(t.buffer().isReleased()));
            assertFalse(runningMean.buffer().isReleased());
            double firstGradient = kept.get(0).abs().sum().item();
            // the network still runs, and the same batch gives the same gradients
            try (Scratch pass = Scratch.open(net)) {
                Tensor again = ScoredLayers.weightGradients(net, b).values().iterator().next();
                assertEquals(firstGradient, again.abs().sum().item(), 1e-6 * firstGradient);
            }
            assertEquals(2L, net.child("bn1").buffer("num_batches_tracked").toLongArray()[0]);
        }
    }
}
