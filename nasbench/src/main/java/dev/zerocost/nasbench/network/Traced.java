package dev.zerocost.nasbench.network;

import java.util.List;

/** A composite module that can list the leaf modules a forward pass would run, without running it. */
interface Traced {
    /**
     * Appends the leaf calls of one forward pass on a per-image input of shape {@code input}, naming
     * them under {@code prefix}, and returns the per-image output shape.
     */
    int[] trace(String prefix, int[] input, List<LayerCall> calls);
}
