package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.persample.GradientStatistics;
import dev.zerocost.engine.persample.PerSampleGradients;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredLayers;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * zico_persample, the ZiCo paper's definition (arXiv 2301.11300, eq. 7): the same per-layer
 * statistic as {@link Zico}, ln(sum mean|g| / std), but over the B per-sample gradients of the
 * first batch instead of over N batch gradients. One forward in train mode and one backward
 * ({@link PerSampleGradients}); the per-sample gradients are streamed into O(params) sums and
 * never materialised.
 *
 * <p>Scale: the loss is the batch-mean cross-entropy, so the raw per-sample contributions are
 * 1/B times the gradient of each sample's own loss. PerSampleGradients' default scale (B) undoes
 * that, so G_i is sample i's own loss gradient, as the paper writes it. The choice does not
 * change the score: mean|c g| / std(c g) = mean|g| / std(g) for any c &gt; 0, and an element
 * with std 0 stays at std 0. With train-mode batch norm G_i is the per-sample decomposition of
 * the batch gradient (the G_i sum to B times it), not the gradient of sample i run alone.
 */
public final class ZicoPerSample implements Proxy {
    @Override
    public String name() {
        return "zico_persample";
    }

    @Override
    public String description() {
        return "sum over layers of ln(sum mean|g|/std(g)) over the per-sample gradients of one batch (ZiCo paper)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Batch batch = batches.get(0);
        if (batch.size() < 2) {
            throw new IllegalArgumentException("zico_persample needs a batch of at least 2 samples (the statistic "
                    + "is the spread of the gradient across samples), got " + batch.size() + "; use a larger batch size");
        }
        var layers = ScoredLayers.of(net.module());
        GradientStatistics stats = GradientStatistics.streaming();
        PerSampleGradients.of(net.module()).includeBiases(false)
                .run(batch.input(), logits -> Functional.crossEntropy(logits, batch.labels()), stats);
        Map<String, String> names = new LinkedHashMap<>();
        layers.keySet().forEach(layer -> names.put(layer, layer.isEmpty() ? "weight" : layer + ".weight"));
        return ZicoScore.of(stats, names, name());
    }
}
