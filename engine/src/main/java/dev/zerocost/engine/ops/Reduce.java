package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.ReduceOp;

/** Sum or max over chosen axes. */
public final class Reduce extends Function {
    private final ReduceOp op;
    private final boolean[] axes;
    private final int[] inputShape;
    private Tensor output;

    private Reduce(ReduceOp op, boolean[] axes, int[] inputShape) {
        this.op = op;
        this.axes = axes;
        this.inputShape = inputShape;
    }

    public static Tensor apply(ReduceOp op, Tensor x, boolean[] axes, boolean keepDims) {
        Ops.floating(op.name().toLowerCase(), x);
        int[] outShape = Shapes.reduced(x.shape(), axes, keepDims);
        Buffer out = Ops.allocate(x, x.dtype(), outShape);
        x.backend().reduce(op, x.buffer(), x.shape(), axes, out);
        Reduce fn = new Reduce(op, axes, x.shape());
        Tensor result = Tensor.fromOp(out, outShape, fn, x);
        fn.output = result.detach();
        return result;
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        int[] kept = Shapes.reduced(inputShape, axes, true);
        Tensor spread = g.reshape(kept).expand(inputShape);
        if (op == ReduceOp.SUM) {
            return new Tensor[] {spread};
        }
        // max: the gradient goes to the maxima, split evenly among ties
        Tensor x = inputs()[0].detach();
        Tensor mask = x.eq(output.reshape(kept));
        Tensor count = Reduce.apply(ReduceOp.SUM, mask, axes, true);
        return new Tensor[] {spread.mul(mask.div(count))};
    }

    @Override
    public String name() {
        return op.name().toLowerCase();
    }
}
