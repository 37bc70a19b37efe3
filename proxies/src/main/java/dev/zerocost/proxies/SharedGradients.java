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
 *
 * <p>When the run also scores a proxy that reads only the activation codes of a train-mode forward
 * on batch 0 (nwot, {@link Proxy#readsActivationCodes}), the first gradient pass on batch 0 hooks
 * them ({@link ActivationCodes}) and keeps the kernel, so that proxy runs no forward of its own.
 * The hooks read values only; the pass computes what it computes without them.
 */
public final class SharedGradients {
    private final boolean enabled;
    private final boolean activationCodes;
    private final Map<Integer, Map<String, NdArray>> byBatch = new LinkedHashMap<>();
    private double[][] activationKernel;

    private SharedGradients(boolean enabled, boolean activationCodes) {
        this.enabled = enabled;
        this.activationCodes = activationCodes;
    }

    /** Gradients shared across the proxies of one run. */
    public static SharedGradients shared() {
        return shared(false);
    }

    /** Gradients shared across the proxies of one run; with {@code activationCodes}, batch 0's codes too. */
    public static SharedGradients shared(boolean activationCodes) {
        return new SharedGradients(true, activationCodes);
    }

    /** Every request computes its own pass (standalone proxy timing). */
    public static SharedGradients unshared() {
        return new SharedGradients(false, false);
    }

    /** Batch 0's activation-code kernel if a pass of this run recorded it, else null; read it, do not change it. */
    public double[][] activationKernel() {
        return activationKernel;
    }

    /** Keeps batch 0's activation-code kernel computed elsewhere (not to be changed after), so no later pass records it again. */
    public void recordActivationKernel(double[][] k) {
        if (enabled && activationKernel == null) {
            activationKernel = k;
        }
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
        ActivationCodes codes = enabled && activationCodes && b == 0 && activationKernel == null
                ? ActivationCodes.hook(net, batches.get(0).size()) : null;
        LinkedHashMap<String, Tensor> grads;
        try {
            grads = ScoredLayers.weightGradients(net, batches.get(b));
        } finally {
            if (codes != null) {
                codes.unhook();
            }
        }
        if (codes != null) {
            activationKernel = codes.kernel();
        }
        if (enabled) {
            Map<String, NdArray> copy = new LinkedHashMap<>();
            grads.forEach((name, g) -> copy.put(name, g.toNdArray()));
            byBatch.put(b, copy);
        }
        return grads;
    }
}
