package dev.zerocost.engine.nn;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;

/** y = x W^T + b with W [out, in]; zero-initialised (see {@link Init}). */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        registerParameter("weight", Tensor.zeros(DType.FLOAT32, outFeatures, inFeatures));
        registerParameter("bias", bias ? Tensor.zeros(DType.FLOAT32, outFeatures) : null);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return Functional.linear(x, param("weight"), param("bias"));
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public int fanIn() {
        return inFeatures;
    }
}
