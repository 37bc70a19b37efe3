package dev.zerocost.proxies;

import dev.zerocost.engine.backend.MemoryScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs proxies on one architecture: each on a fresh copy of the network in train mode, inside its
 * own memory scope, timed; a failure (exception, singular matrix, out of memory) becomes NaN with
 * the reason and never aborts the caller.
 */
public final class ProxyRunner {
    private ProxyRunner() {
    }

    /** A proxy's result and its wall time. */
    public record Timed(ProxyResult result, double seconds) {
    }

    public static Map<String, Timed> run(ScoredNetwork network, List<Batch> batches, List<Proxy> proxies) {
        return run(network, batches, proxies, true);
    }

    /**
     * Runs every proxy; with {@code sharePasses} the loss-gradient passes that several proxies
     * start from run once per arch, and nwot reads its activation codes from the first one on
     * batch 0 ({@link SharedGradients}); without, each proxy is timed standalone.
     */
    public static Map<String, Timed> run(ScoredNetwork network, List<Batch> batches, List<Proxy> proxies,
                                         boolean sharePasses) {
        SharedGradients shared = sharePasses
                ? SharedGradients.shared(proxies.stream().anyMatch(Proxy::readsActivationCodes))
                : SharedGradients.unshared();
        Map<String, Timed> out = new LinkedHashMap<>();
        for (Proxy proxy : proxies) {
            out.put(proxy.name(), runOne(network, batches, proxy, shared));
        }
        return out;
    }

    public static Timed runOne(ScoredNetwork network, List<Batch> batches, Proxy proxy) {
        return runOne(network, batches, proxy, SharedGradients.unshared());
    }

    private static Timed runOne(ScoredNetwork network, List<Batch> batches, Proxy proxy, SharedGradients shared) {
        long start = System.nanoTime();
        ProxyResult result;
        if (batches.size() < proxy.batchesNeeded()) {
            result = ProxyResult.failed(proxy.name() + " needs " + proxy.batchesNeeded() + " batches, got " + batches.size());
        } else {
            try (MemoryScope scope = MemoryScope.open()) {
                ScoredNetwork copy = network.duplicate();
                copy.module().train(true);
                result = proxy.compute(copy, batches, shared);
            } catch (OutOfMemoryError e) {
                result = ProxyResult.failed("out of memory: " + e.getMessage() + "; use a smaller --batch-size or more heap (-Xmx)");
            } catch (RuntimeException e) {
                result = ProxyResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new Timed(result, (System.nanoTime() - start) / 1e9);
    }
}
