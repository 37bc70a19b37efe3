package dev.zerocost.engine.nn;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;

/** Average pooling; countIncludePad = false divides by the in-image window size. */
public final class AvgPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean countIncludePad;

    public AvgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.countIncludePad = countIncludePad;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Functional.avgPool2d(x, kernel, stride, padding, countIncludePad);
    }
}
