package dev.zerocost.proxies.measures;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * synflow (zero-cost-nas): on the network's no-BN copy (or the network itself for synflow_bn),
 * in float64, every parameter and buffer replaced by its absolute value, input = ones [1, C, H, W],
 * R = sum(output); score = sum of |W * dR/dW|. Values span 1e17..1e47, hence float64.
 */
public final class Synflow implements Proxy {
    private final boolean keepBatchNorm;

    /** keepBatchNorm = false gives "synflow", true gives "synflow_bn". */
    public Synflow(boolean keepBatchNorm) {
        this.keepBatchNorm = keepBatchNorm;
    }

    @Override
    public String name() {
        return keepBatchNorm ? "synflow_bn" : "synflow";
    }

    @Override
    public String description() {
        return "synaptic flow of |W| on an all-ones input, float64" + (keepBatchNorm ? ", batch norm kept" : "")
                + " (SynFlow, zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork network, List<Batch> batches) {
        ScoredNetwork net = keepBatchNorm ? network : network.withoutBatchNorm();
        Module m = net.module();
        m.to(DType.FLOAT64);
        Map<String, Tensor> state = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> state.put(k, t.dtype().isFloating() ? t.detach().abs() : t));
        m.loadStateDict(state);
        int[] shape = batches.get(0).input().shape();
        shape[0] = 1;
        Tensor ones = Tensor.ones(DType.FLOAT64, shape);
        Tensor r = net.logits(ones).sum();
        Map<String, Module> layers = ScoredLayers.of(m);
        List<Tensor> weights = ScoredLayers.weights(layers);
        List<Tensor> grads = Autograd.grad(r, weights, false);
        Map<String, Double> per = new LinkedHashMap<>();
        int i = 0;
        for (String name : layers.keySet()) {
            per.put(name, weights.get(i).mul(grads.get(i)).abs().sum().item());
            i++;
        }
        return ProxyResult.summed(per);
    }
}
