package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;

/**
 * The {@code none} op: {@code x * 0}. It stays in the graph (as in both reference codes) so its
 * input receives an exactly-zero gradient, and NaN or infinity propagate as they do in PyTorch.
 */
public final class Zero extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return x.mul(0.0);
    }
}
