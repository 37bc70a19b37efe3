package dev.zerocost.proxies.measures;

import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.proxies.ActivationCodes;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.SharedGradients;
import dev.zerocost.proxies.linalg.Matrices;
import java.util.List;
import java.util.Map;

/**
 * nwot (NASWOT as NASLib computes it): forward only; K = the kernel of the ReLU activation codes
 * ({@link ActivationCodes}) on the first batch; score = log|det K|. In a run that shares passes,
 * K comes from the first gradient pass on that batch, which records the codes as it goes.
 */
public final class Nwot implements Proxy {
    @Override
    public String name() {
        return "nwot";
    }

    @Override
    public String description() {
        return "log|det| of the Hamming-similarity kernel of ReLU activation codes (NASWOT, NASLib)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public boolean readsActivationCodes() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        return compute(net, batches, SharedGradients.unshared());
    }

    /** K from a gradient pass on the same batch that recorded it, if one ran; else from a forward of its own. */
    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches, SharedGradients shared) {
        double[][] k = shared.activationKernel();
        if (k == null) {
            Batch batch = batches.get(0);
            ActivationCodes codes = ActivationCodes.hook(net, batch.size());
            try (GradMode.Scope s = GradMode.noGrad()) {
                net.logits(batch.input());
            } finally {
                codes.unhook();
            }
            k = codes.kernel();
            shared.recordActivationKernel(k);
        }
        return ProxyResult.of(Matrices.logAbsDet(k), Map.of());
    }
}
