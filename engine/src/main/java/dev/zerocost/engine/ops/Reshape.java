package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;

/** A new shape over the same buffer (no copy: tensors are contiguous). */
public final class Reshape extends Function {
    private final int[] inputShape;

    private Reshape(int[] inputShape) {
        this.inputShape = inputShape;
    }

    public static Tensor apply(Tensor x, int[] newShape) {
        int[] shape = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape of " + Shapes.str(x.shape()) + " to "
                            + Shapes.str(newShape) + ": only one axis may be -1");
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape of " + Shapes.str(x.shape()) + " to "
                        + Shapes.str(newShape) + ": sizes must be >= 0, or -1 for one inferred axis");
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0) {
                throw new IllegalArgumentException("reshape of " + Shapes.str(x.shape()) + " to "
                        + Shapes.str(newShape) + ": the -1 axis is ambiguous when another axis is 0");
            }
            shape[infer] = (int) (x.size() / known);
        }
        if (Shapes.size(shape) != x.size()) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.str(x.shape()) + " (" + x.size()
                    + " elements) to " + Shapes.str(newShape));
        }
        return Tensor.fromOp(x.buffer(), shape, new Reshape(x.shape()), x);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {g.reshape(inputShape)};
    }
}
