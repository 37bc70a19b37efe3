package dev.zerocost.proxies.measures;

import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.SharedGradientProxy;
import dev.zerocost.proxies.SharedGradients;
import java.util.List;

/** grad_norm (zero-cost-nas): sum over conv/linear layers of the Frobenius norm of dL/dW. */
public final class GradNorm implements SharedGradientProxy {
    @Override
    public String name() {
        return "grad_norm";
    }

    @Override
    public String description() {
        return "sum of per-layer Frobenius norms of the weight gradient (zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches, SharedGradients shared) {
        var layers = ScoredLayers.of(net.module());
        var grads = shared.weightGradients(net, batches, 0);
        return ProxyResult.summed(ScoredLayers.perLayer(layers, grads, (l, w, g) -> Math.sqrt(g.mul(g).sum().item())));
    }
}
