package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.engine.nn.Module;
import java.util.List;

/**
 * ReLU, convolution, batch norm in a child named {@code op} ({@code op.0}, {@code op.1},
 * {@code op.2}), the {@code nor_conv_kxk} op and the halves of a reduction block in both reference
 * codes. Without batch norm (zero-cost-nas {@code use_bn=False}) the chain is ReLU, convolution.
 */
public final class ReluConvBn extends Module implements Traced {
    /**
     * @param convBias  whether the convolution has a bias (zero-cost-nas cells: yes; xautodl: no)
     * @param withBn    whether a BatchNorm2d is built at all
     * @param bnAffine  BN weight and bias
     * @param bnTrack   BN running statistics
     */
    public ReluConvBn(int in, int out, int kernel, int stride, int padding, boolean convBias, boolean withBn,
                      boolean bnAffine, boolean bnTrack) {
        Chain op = new Chain(new ReLU(), new Conv2d(in, out, kernel, stride, padding, convBias));
        if (withBn) {
            op.add(new BatchNorm2d(out, bnAffine, bnTrack));
        }
        registerModule("op", op);
    }

    /** The chain {@code op}. */
    public Chain op() {
        return (Chain) child("op");
    }

    /** The convolution {@code op.1}. */
    public Conv2d conv() {
        return (Conv2d) op().get(1);
    }

    /**
     * This op on {@code node} whose ReLU, computed once for all the ops leaving the node, is
     * {@code relu}: the convolution and batch norm run; the hooks of the ReLU, the chain and this
     * op then run as in a whole call, on the same input and output values. The ReLU's hooks see
     * the shared tensor as its output, so a gradient taken with respect to that output sums over
     * the node's ops; hook the convolution for a per-op input.
     */
    Tensor afterRelu(Tensor node, Tensor relu) {
        Chain op = op();
        op.get(0).runForwardHooks(node, relu);
        Tensor out = op.forwardFrom(1, relu);
        op.runForwardHooks(node, out);
        runForwardHooks(node, out);
        return out;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return child("op").call(x);
    }

    @Override
    public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
        return op().trace(Trace.join(prefix, "op"), input, calls);
    }
}
