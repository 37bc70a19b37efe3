package dev.zerocost.proxies;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.io.NdArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss gradients of the scored weights, per batch, shared by the proxies of one arch that
 * read nothing else from the pass: grad_norm, snip, plain, zico and grasp's first pass all start
 * from dL/dW of the batch-mean cross-entropy on the same pristine network and the same batch. The
 * first proxy to ask computes them on its own fresh copy; later ones get host copies of the
 * same values uploaded to their backend, so each pass runs once per arch and the scores are
 * unchanged bit for bit. A proxy that reuses a pass does not pay for it in its seconds.
 */
public final class SharedGradients {
    private final boolean enabled;
    private final Map<Integer, Map<String, NdArray>> byBatch = new LinkedHashMap<>();

    private SharedGradients(boolean enabled) {
        this.enabled = enabled;
    }

    /** Gradients shared across the proxies of one run. */
    public static SharedGradients shared() {
        return new SharedGradients(true);
    }

    /** Every request computes its own pass (standalone proxy timing). */
    public static SharedGradients unshared() {
        return new SharedGradients(false);
    }

    /** dL/dW per scored layer on batch {@code b}, computed on {@code net} unless already known. */
    public LinkedHashMap<String, Tensor> weightGradients(ScoredNetwork net, List<Batch> batches, int b) {
        Map<String, NdArray> known = byBatch.get(b);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        if (known != null) {
            Backend backend = net.module().namedParameters().values().iterator().next().backend();
            known.forEach((name, values) -> out.put(name, Tensor.of(backend, values)));
            return out;
        }
        LinkedHashMap<String, Tensor> grads = ScoredLayers.weightGradients(net, batches.get(b));
        if (enabled) {
            Map<String, NdArray> copy = new LinkedHashMap<>();
            grads.forEach((name, g) -> copy.put(name, g.toNdArray()));
            byBatch.put(b, copy);
        }
        return grads;
    }
}
