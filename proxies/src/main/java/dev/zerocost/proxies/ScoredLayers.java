package dev.zerocost.proxies;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers the reference proxies score (every Conv2d and Linear, in module order, including
 * modules that never run) and the gradient helpers most proxies share.
 */
public final class ScoredLayers {
    private ScoredLayers() {
    }

    /** Conv2d and Linear modules by module name, in named_modules() order. */
    public static LinkedHashMap<String, Module> of(Module root) {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        root.namedModules().forEach((name, m) -> {
            if (m instanceof Conv2d || m instanceof Linear) {
                out.put(name, m);
            }
        });
        return out;
    }

    /** Their weights, in the same order. */
    public static List<Tensor> weights(Map<String, Module> layers) {
        List<Tensor> w = new ArrayList<>();
        for (Module m : layers.values()) {
            w.add(m.param("weight"));
        }
        return w;
    }

    /** Mean cross-entropy of the network's logits on a batch. */
    public static Tensor loss(ScoredNetwork net, Batch batch) {
        return Functional.crossEntropy(net.logits(batch.input()), batch.labels());
    }

    /**
     * dL/dW of the batch-mean cross-entropy for each scored layer's weight (zeros for layers the
     * loss does not reach, as the reference's zeros_like for a missing .grad).
     */
    public static LinkedHashMap<String, Tensor> weightGradients(ScoredNetwork net, Batch batch) {
        Map<String, Module> layers = of(net.module());
        List<Tensor> weights = weights(layers);
        List<Tensor> grads = Autograd.grad(loss(net, batch), weights, false);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        int i = 0;
        for (String name : layers.keySet()) {
            out.put(name, grads.get(i++));
        }
        return out;
    }

    /** A per-layer value map computed from (layer, weight, gradient). */
    public static LinkedHashMap<String, Double> perLayer(Map<String, Module> layers, Map<String, Tensor> grads,
                                                         LayerMetric metric) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : layers.entrySet()) {
            out.put(e.getKey(), metric.value(e.getValue(), e.getValue().param("weight"), grads.get(e.getKey())));
        }
        return out;
    }

    /** One layer's contribution. */
    @FunctionalInterface
    public interface LayerMetric {
        double value(Module layer, Tensor weight, Tensor grad);
    }
}
