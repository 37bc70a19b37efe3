package dev.zerocost.proxies.measures;

import dev.zerocost.engine.persample.GradientStatistics;
import dev.zerocost.proxies.ProxyResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns gradient statistics into a ZiCo result, shared by {@link Zico} and {@link ZicoPerSample}.
 * Per layer the term is ln(sum over elements with std != 0 of mean|g| / std) (population std);
 * a layer whose sum is 0 (every gradient element constant, e.g. all zero) is skipped, as the
 * official {@code caculate_zico} does, and is reported as 0.0 in the per-layer map so that the
 * per-layer values add up to the score. When every layer is skipped the score is 0, again as
 * the official code returns. A non-finite term (NaN or infinite gradients) makes the result NaN
 * with the first offending layer named.
 */
final class ZicoScore {
    private ZicoScore() {
    }

    /**
     * @param stats          statistics holding every parameter named in layerToParam
     * @param layerToParam   scored layer name (module path) to the parameter name used in stats
     * @param what           the proxy name, for the error message
     */
    static ProxyResult of(GradientStatistics stats, Map<String, String> layerToParam, String what) {
        LinkedHashMap<String, Double> perLayer = new LinkedHashMap<>();
        String bad = null;
        double score = 0;
        for (Map.Entry<String, String> e : layerToParam.entrySet()) {
            OptionalDouble term = stats.zicoLayerTerm(e.getValue());
            double v = term.isPresent() ? term.getAsDouble() : 0.0;
            if (!Double.isFinite(v) && bad == null) {
                bad = e.getKey();
            }
            perLayer.put(e.getKey(), v);
            score += v;
        }
        if (bad != null) {
            return new ProxyResult(Double.NaN, perLayer, what + ": the term of layer '" + bad + "' is "
                    + perLayer.get(bad) + " (non-finite gradients; check the input batch and the weights)");
        }
        return ProxyResult.of(score, perLayer);
    }
}
