package dev.zerocost.engine.nn;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;

/** Max pooling. */
public final class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Functional.maxPool2d(x, kernel, stride, padding);
    }
}
