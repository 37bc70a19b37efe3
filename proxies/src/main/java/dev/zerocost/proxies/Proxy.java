package dev.zerocost.proxies;

import java.util.List;

/**
 * A zero-cost proxy: scores an untrained network from a few batches. Implementations are small
 * and stateless; the {@link ProxyRunner} hands each one a fresh copy of the network in train mode.
 */
public interface Proxy {
    /** Registry name, e.g. "synflow". */
    String name();

    /** One line: what it measures and where the definition comes from. */
    String description();

    /** Whether a larger score predicts a better architecture. */
    boolean higherIsBetter();

    /** How many batches it reads (0 for data-free proxies). */
    default int batchesNeeded() {
        return 1;
    }

    /**
     * Whether it reads only the ReLU activation codes of a train-mode forward on the first batch
     * ({@link ActivationCodes}), which a run that shares passes records during its first gradient
     * pass on that batch instead of running a forward for it.
     */
    default boolean readsActivationCodes() {
        return false;
    }

    /**
     * Scores the network. May modify the network it is given (it is a private copy). Failures
     * may throw: the runner turns them into NaN with the reason.
     */
    ProxyResult compute(ScoredNetwork network, List<Batch> batches);

    /**
     * Scores the network with loss gradients that other proxies of the same arch may already have
     * computed (see {@link SharedGradients}); proxies that start from them override this.
     */
    default ProxyResult compute(ScoredNetwork network, List<Batch> batches, SharedGradients shared) {
        return compute(network, batches);
    }
}
