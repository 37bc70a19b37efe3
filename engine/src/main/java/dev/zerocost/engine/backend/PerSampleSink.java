package dev.zerocost.engine.backend;

/**
 * Receives per-sample weight gradients of one layer, a sample at a time, as host float64
 * values (row-major over the weight's shape). Implementations accumulate statistics and
 * must not keep the array: backends reuse it.
 */
@FunctionalInterface
public interface PerSampleSink {
    void accept(int sample, double[] gradient);
}
