package dev.zerocost.engine.persample;

/**
 * The per-element statistics of the gradients one named parameter received. Two kinds:
 * {@link StreamingLayer} (four float32 sums, O(params)) and {@link MaterialisedLayer} (every
 * gradient kept, for tests and small cases).
 */
interface LayerStatistics {
    /** Adds scale * gradient (length {@link #size()}). */
    void accept(double[] gradient, int offset, double scale);

    /** Number of elements of the parameter. */
    int size();

    /** Number of gradients received. */
    long count();

    /** Per-element mean of G. */
    double[] mean();

    /** Per-element mean of |G|. */
    double[] meanAbs();

    /** Per-element population standard deviation (divide by the count, as numpy's default). */
    double[] std();

    /** Bytes held for this parameter's statistics. */
    long bytes();
}
