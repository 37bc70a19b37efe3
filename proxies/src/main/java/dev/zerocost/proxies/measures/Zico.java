package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.persample.GradientStatistics;
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
 * zico, as the official ZiCo code computes it ({@code ZeroShotProxy/compute_zico.py}, getzico):
 * for each of the N batches it is given (N &gt;= 2; the paper uses 2), dL/dW of the batch-mean
 * cross-entropy in train mode for every Conv2d/Linear weight; per layer, over the N batch
 * gradients, s = sum of mean|g| / std over the elements with std != 0 (population std), the
 * layer adds ln(s), or nothing when s == 0 (see {@link ZicoScore}).
 *
 * <p>Each batch gets its own gradient, not a running total: getzico calls
 * {@code network.zero_grad()} at the top of every iteration, so on CUDA (where
 * {@code .cpu()} copies) the recorded arrays are the per-batch gradients g1, g2, ... (On CPU the
 * official code keeps numpy views of the live .grad buffer, which zero_grad and the next backward
 * overwrite, so every layer sees N identical arrays and the official CPU score is 0; the parity
 * fixture snapshots the arrays, which is the CUDA behaviour reproduced here.) Weights that never
 * receive a gradient count as zero gradients and are skipped, as the fixture's zero .grad does.
 * Gradients are streamed into {@link GradientStatistics}, so memory stays O(params) whatever N.
 */
public final class Zico implements SharedGradientProxy {
    @Override
    public String name() {
        return "zico";
    }

    @Override
    public String description() {
        return "sum over layers of ln(sum mean|g|/std(g)) over N batch gradients (ZiCo official code, 2 batches)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public int batchesNeeded() {
        return 2;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches, SharedGradients shared) {
        if (batches.size() < 2) {
            throw new IllegalArgumentException("zico needs at least 2 batches (the statistic is the spread of the "
                    + "gradient across batches), got " + batches.size() + "; pass 2 or more batches");
        }
        var layers = ScoredLayers.of(net.module());
        GradientStatistics stats = GradientStatistics.streaming();
        for (int b = 0; b < batches.size(); b++) {
            try (Scratch pass = Scratch.open(net)) {
                for (Map.Entry<String, Tensor> e : shared.weightGradients(net, batches, b).entrySet()) {
                    stats.accept(e.getKey(), e.getValue());
                }
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        layers.keySet().forEach(layer -> names.put(layer, layer));
        return ZicoScore.of(stats, names, name());
    }
}
