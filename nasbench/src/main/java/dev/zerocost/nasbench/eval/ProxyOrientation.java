package dev.zerocost.nasbench.eval;

import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyRegistry;

/**
 * Whether a larger score of a proxy predicts a better arch, from {@link ProxyRegistry}; correlations
 * are reported for the oriented score (negated when lower is better). Names the registry does not
 * know (proxies added later, {@code vote}) count as higher-is-better, with a note.
 */
public record ProxyOrientation(String proxy, boolean higherIsBetter, boolean known) {
    /** The orientation of a proxy name. */
    public static ProxyOrientation of(String proxy) {
        if (proxy.equals("vote")) {
            return new ProxyOrientation(proxy, true, true);
        }
        for (Proxy p : ProxyRegistry.all()) {
            if (p.name().equals(proxy)) {
                return new ProxyOrientation(proxy, p.higherIsBetter(), true);
            }
        }
        return new ProxyOrientation(proxy, true, false);
    }

    /** The score turned so that higher always predicts better. */
    public double orient(double score) {
        return higherIsBetter ? score : -score;
    }
}
