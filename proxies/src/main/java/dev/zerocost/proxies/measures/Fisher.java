package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fisher (zero-cost-nas): at each conv/linear output a (bias included), with its gradient g:
 * per sample and channel s = sum over positions of a * g; f_c = 0.5 * mean over samples of s^2;
 * the reference broadcasts f_c over the channel's weights, so a layer contributes
 * sum_c |f_c| * fan_in. Layers that never run contribute 0.
 */
public final class Fisher implements Proxy {
    @Override
    public String name() {
        return "fisher";
    }

    @Override
    public String description() {
        return "empirical Fisher information of layer outputs, per channel (zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Map<String, Module> layers = ScoredLayers.of(net.module());
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        List<Runnable> removers = new ArrayList<>();
        layers.forEach((name, m) -> removers.add(m.addForwardHook((mod, in, out) -> outputs.put(name, out))));
        Tensor loss;
        try {
            loss = ScoredLayers.loss(net, batches.get(0));
        } finally {
            removers.forEach(Runnable::run);
        }
        List<String> names = new ArrayList<>(outputs.keySet());
        List<Tensor> acts = new ArrayList<>(outputs.values());
        List<Tensor> grads = Autograd.grad(loss, acts, false);
        Map<String, Double> per = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : layers.entrySet()) {
            int k = names.indexOf(e.getKey());
            if (k < 0) {
                per.put(e.getKey(), 0.0);
                continue;
            }
            Tensor a = acts.get(k).detach();
            Tensor g = grads.get(k);
            // per sample and channel: sum over positions of a * g, one fused pass for conv outputs
            Tensor s = a.rank() == 4 ? Functional.planeDot(a, g) : a.mul(g);
            Tensor fc = s.mul(s).mean(false, 0).mul(0.5).abs();
            int fanIn = e.getValue() instanceof Conv2d c ? c.fanIn() : ((Linear) e.getValue()).fanIn();
            per.put(e.getKey(), fc.sum().item() * fanIn);
        }
        return ProxyResult.summed(per);
    }
}
