package dev.zerocost.engine.nn;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;

/** 2-d convolution with a weight [out, in, k, k] and an optional bias [out]; zero-initialised (see {@link Init}). */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        registerParameter("weight", Tensor.zeros(DType.FLOAT32, outChannels, inChannels, kernel, kernel));
        registerParameter("bias", bias ? Tensor.zeros(DType.FLOAT32, outChannels) : null);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Functional.conv2d(x, param("weight"), param("bias"), stride, padding);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    /** fan_in = in * k * k, as PyTorch's init uses. */
    public int fanIn() {
        return inChannels * kernel * kernel;
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel_size=" + kernel + ", stride=" + stride
                + ", padding=" + padding + ", bias=" + (param("bias") != null) + ")";
    }
}
