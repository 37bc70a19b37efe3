package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import java.util.Arrays;

/** Broadcasts to a larger shape by copying; the gradient is summed back by the walker. */
public final class Expand extends Function {
    private Expand() {
    }

    public static Tensor apply(Tensor x, int[] shape) {
        Broadcast bc = Broadcast.of(x.shape(), shape);
        if (!Arrays.equals(bc.shape(), shape)) {
            throw new IllegalArgumentException("cannot expand " + Shapes.str(x.shape()) + " to " + Shapes.str(shape));
        }
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        Buffer out = Ops.allocate(x, x.dtype(), shape);
        x.backend().copyStrided(x.buffer(), 0, shape, bc.aStrides(), out, 0);
        return Tensor.fromOp(out, shape, new Expand(), x);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {g}; // reduced to the input's shape in the walker
    }
}
