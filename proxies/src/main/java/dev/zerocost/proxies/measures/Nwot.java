package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.linalg.Matrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nwot (NASWOT as NASLib computes it): forward only; at every activation-code module (see
 * {@link ScoredNetwork#activationCodeModules()}: NASLib's hooks) the binary code
 * c = (input > 0) per sample; K += c c^T + (1 - c)(1 - c)^T; score = log|det K|.
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
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Batch batch = batches.get(0);
        int n = batch.size();
        double[][] k = new double[n][n];
        List<Runnable> removers = new ArrayList<>();
        for (Module m : net.activationCodeModules()) {
            removers.add(m.addForwardHook((mod, in, out) -> accumulate(k, in)));
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            net.logits(batch.input());
        } finally {
            removers.forEach(Runnable::run);
        }
        return ProxyResult.of(Matrices.logAbsDet(k), Map.of());
    }

    private static void accumulate(double[][] k, Tensor input) {
        int n = input.dim(0);
        Tensor x = input.reshape(n, -1);
        Tensor c = x.gt(Tensor.zeros(x.dtype()));
        Tensor notC = c.neg().add(1.0);
        // counts are integers below 2^24, exact in float32
        double[] same = c.matmul(c.transpose()).add(notC.matmul(notC.transpose())).toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i][j] += same[i * n + j];
            }
        }
    }
}
