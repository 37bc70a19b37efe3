package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.Scratch;
import dev.zerocost.proxies.SharedGradientProxy;
import dev.zerocost.proxies.SharedGradients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * grasp (zero-cost-nas): g1 = dL/dW from one pass (a constant); g2 = dL/dW from a second pass
 * with the graph kept; z = sum(g1 * g2); Hg = dz/dW (a Hessian-gradient product); score = sum of
 * -W * Hg. The second pass re-runs the forward, as the reference does (train-mode BN statistics
 * are the same batch's).
 */
public final class Grasp implements SharedGradientProxy {
    @Override
    public String name() {
        return "grasp";
    }

    @Override
    public String description() {
        return "gradient signal preservation: -W * (H g) summed (GraSP, zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches, SharedGradients shared) {
        Batch batch = batches.get(0);
        Map<String, Module> layers = ScoredLayers.of(net.module());
        List<Tensor> weights = ScoredLayers.weights(layers);
        List<Tensor> g1;
        try (Scratch pass = Scratch.open(net)) {
            g1 = pass.keep(List.copyOf(shared.weightGradients(net, batches, 0).values()));
        }
        List<Tensor> g2 = Autograd.grad(ScoredLayers.loss(net, batch), weights, true);
        Tensor z = null;
        for (int i = 0; i < weights.size(); i++) {
            Tensor term = g1.get(i).mul(g2.get(i)).sum();
            z = z == null ? term : z.add(term);
        }
        Map<String, Double> per = new LinkedHashMap<>();
        if (z == null || !z.requiresGrad()) {
            // no path from any weight to the loss: every Hessian-gradient product is zero
            layers.keySet().forEach(name -> per.put(name, 0.0));
            return ProxyResult.summed(per);
        }
        List<Tensor> hg = Autograd.grad(z, weights, false);
        int i = 0;
        for (String name : layers.keySet()) {
            per.put(name, weights.get(i).mul(hg.get(i)).neg().sum().item());
            i++;
        }
        return ProxyResult.summed(per);
    }
}
