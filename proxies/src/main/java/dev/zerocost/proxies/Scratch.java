package dev.zerocost.proxies;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.backend.MemoryScope;
import java.util.List;

/**
 * A nested {@link MemoryScope} for one pass of a proxy that makes several (one per batch, one per
 * sample): when it closes, the pass's graph and temporaries are released, while the network's
 * parameters and buffers (a train-mode forward replaces the batch-norm running statistics) and
 * the tensors passed to {@link #keep} survive. Without it a proxy holds every pass's graph until
 * it ends: ntk at batch 64 ran out of an 8 GB heap.
 */
public final class Scratch implements AutoCloseable {
    private final MemoryScope scope;
    private final ScoredNetwork net;

    private Scratch(ScoredNetwork net) {
        this.net = net;
        this.scope = MemoryScope.open();
    }

    public static Scratch open(ScoredNetwork net) {
        return new Scratch(net);
    }

    /** Lets this tensor's storage outlive the pass. */
    public Tensor keep(Tensor t) {
        scope.keep(t.buffer());
        return t;
    }

    public List<Tensor> keep(List<Tensor> tensors) {
        tensors.forEach(this::keep);
        return tensors;
    }

    @Override
    public void close() {
        for (Tensor p : net.module().namedParameters().values()) {
            keep(p);
            if (p.grad() != null) {
                keep(p.grad());
            }
        }
        net.module().namedBuffers().values().forEach(this::keep);
        scope.close();
    }
}
