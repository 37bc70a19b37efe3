package dev.zerocost.proxies.measures;

import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.SharedGradientProxy;
import dev.zerocost.proxies.SharedGradients;
import java.util.List;

/** plain (zero-cost-nas): sum of W * dL/dW, signed. */
public final class Plain implements SharedGradientProxy {
    @Override
    public String name() {
        return "plain";
    }

    @Override
    public String description() {
        return "sum of W * dL/dW, signed (zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches, SharedGradients shared) {
        var layers = ScoredLayers.of(net.module());
        var grads = shared.weightGradients(net, batches, 0);
        return ProxyResult.summed(ScoredLayers.perLayer(layers, grads, (l, w, g) -> w.mul(g).sum().item()));
    }
}
