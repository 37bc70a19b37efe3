package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** l2_norm (zero-cost-nas): sum over conv/linear layers of the Frobenius norm of W; data-free. */
public final class L2Norm implements Proxy {
    @Override
    public String name() {
        return "l2_norm";
    }

    @Override
    public String description() {
        return "sum of per-layer Frobenius norms of the weights (zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public int batchesNeeded() {
        return 0;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Map<String, Double> per = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : ScoredLayers.of(net.module()).entrySet()) {
            Tensor w = e.getValue().param("weight");
            per.put(e.getKey(), Math.sqrt(w.mul(w).sum().item()));
        }
        return ProxyResult.summed(per);
    }
}
