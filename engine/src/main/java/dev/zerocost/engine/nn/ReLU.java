package dev.zerocost.engine.nn;

import dev.zerocost.engine.Tensor;

/** max(x, 0). */
public final class ReLU extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return x.relu();
    }
}
