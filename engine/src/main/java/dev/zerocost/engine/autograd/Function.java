package dev.zerocost.engine.autograd;

import dev.zerocost.engine.Tensor;

/**
 * A node of the graph: one differentiable op with its forward inputs and its backward rule.
 * Backward rules are written in differentiable tensor ops, so running them with the graph on
 * gives higher-order derivatives. A rule returns null for inputs whose gradient is not needed,
 * and may return a gradient in the output's broadcast shape: the walker reduces it.
 */
public abstract class Function {
    private Tensor[] inputs;

    /** Set by {@link Tensor#fromOp}: the tensors this node read. */
    public final void attach(Tensor... inputs) {
        this.inputs = inputs;
    }

    public final Tensor[] inputs() {
        return inputs;
    }

    /**
     * Gradients with respect to each input, given the gradient of the output.
     *
     * @param needed which inputs need a gradient (others may be left null)
     */
    public abstract Tensor[] backward(Tensor gradOutput, boolean[] needed);

    /** Name used in error messages and graph dumps. */
    public String name() {
        return getClass().getSimpleName();
    }
}
