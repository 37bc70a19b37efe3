package dev.zerocost.nasbench.scoring;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.persample.GradientStatistics;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How sensitive each ZiCo layer term is to rounding in the gradients, from float64 gradients of
 * the same network and batches. With r_j = mean|g_j| / std(g_j) over the elements with std != 0
 * and s = sum r_j, a relative error eps in every gradient element moves r_j by up to about
 * eps r_j (1 + r_j), so the term ln(s) by up to eps (1 + kappa), kappa = sum r_j^2 / sum r_j.
 * With N = 2 batches r_j = (|g1| + |g2|) / |g1 - g2|, which is huge where the two batch
 * gradients nearly agree; one such element makes a layer term depend on float32 rounding.
 */
final class ZicoConditioning {
    private ZicoConditioning() {
    }

    /** Layer name to kappa (0 for a layer ZiCo skips), from float64 gradients. */
    static Map<String, Double> kappa(ScoredNetwork network, List<Batch> batches) {
        ScoredNetwork net = ProxyParityTest.float64(network);
        net.module().train(true);
        GradientStatistics stats = GradientStatistics.materialising();
        for (Batch b64 : ProxyParityTest.float64(batches)) {
            for (Map.Entry<String, Tensor> e : ScoredLayers.weightGradients(net, b64).entrySet()) {
                stats.accept(e.getKey(), e.getValue());
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String layer : stats.names()) {
            double[] meanAbs = stats.meanAbs(layer);
            double[] std = stats.std(layer);
            double s = 0;
            double s2 = 0;
            for (int j = 0; j < std.length; j++) {
                if (std[j] != 0) {
                    double r = meanAbs[j] / std[j];
                    s += r;
                    s2 += r * r;
                }
            }
            out.put(layer, s == 0 ? 0.0 : s2 / s);
        }
        return out;
    }
}
