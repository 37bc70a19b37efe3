package dev.zerocost.engine.nn;

import dev.zerocost.engine.Tensor;

/** Returns its input. */
public final class Identity extends Module {
    @Override
    protected Tensor forward(Tensor x) {
        return x;
    }
}
