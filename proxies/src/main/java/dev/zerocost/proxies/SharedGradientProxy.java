package dev.zerocost.proxies;

import java.util.List;

/**
 * A proxy that starts from loss gradients which other proxies of the same arch may already have
 * computed ({@link SharedGradients}); called on its own, it computes them itself.
 */
public interface SharedGradientProxy extends Proxy {
    @Override
    default ProxyResult compute(ScoredNetwork network, List<Batch> batches) {
        return compute(network, batches, SharedGradients.unshared());
    }

    @Override
    ProxyResult compute(ScoredNetwork network, List<Batch> batches, SharedGradients shared);
}
