package dev.zerocost.proxies;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;

/** One batch of inputs [N, 3, H, W] and int64 labels [N]. */
public record Batch(Tensor input, Tensor labels) {
    public Batch {
        if (input.rank() != 4 || labels.rank() != 1 || labels.dim(0) != input.dim(0)) {
            throw new IllegalArgumentException("a batch needs input [N, C, H, W] and labels [N], got "
                    + Shapes.str(input.shape()) + " and " + Shapes.str(labels.shape()));
        }
    }

    public int size() {
        return input.dim(0);
    }
}
