package dev.zerocost.proxies;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A proxy's score for one architecture with per-layer detail, or NaN plus the reason it failed.
 * An infinite score is a result, not a failure: NASWOT's log-determinant of a singular kernel is
 * -Infinity in the reference code too, and rankings put it last.
 */
public record ProxyResult(double score, Map<String, Double> perLayer, String error) {
    public ProxyResult {
        perLayer = Collections.unmodifiableMap(new LinkedHashMap<>(perLayer));
    }

    public static ProxyResult of(double score, Map<String, Double> perLayer) {
        if (Double.isNaN(score)) {
            return new ProxyResult(Double.NaN, perLayer, "score is NaN");
        }
        return new ProxyResult(score, perLayer, null);
    }

    /** Sum of the per-layer values as the score. */
    public static ProxyResult summed(Map<String, Double> perLayer) {
        double s = 0;
        for (double v : perLayer.values()) {
            s += v;
        }
        return of(s, perLayer);
    }

    public static ProxyResult failed(String reason) {
        return new ProxyResult(Double.NaN, Map.of(), reason);
    }

    public boolean ok() {
        return error == null;
    }
}
