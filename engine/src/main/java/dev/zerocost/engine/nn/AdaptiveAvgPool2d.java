package dev.zerocost.engine.nn;

import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;

/** Adaptive average pooling to a fixed output size (1x1 is global average pooling). */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Functional.adaptiveAvgPool2d(x, outH, outW);
    }
}
