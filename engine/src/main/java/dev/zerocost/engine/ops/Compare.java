package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;

/** Comparisons: 1 or 0 in the operands' dtype; no gradient flows through them. */
public final class Compare {
    private Compare() {
    }

    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        Ops.sameBackend(name, a, b);
        Ops.sameDtype(name, a, b);
        Broadcast bc = Broadcast.of(a.shape(), b.shape());
        Buffer out = Ops.allocate(a, a.dtype(), bc.shape());
        a.backend().binary(op, a.buffer(), b.buffer(), out, bc);
        return Tensor.wrap(out, bc.shape());
    }
}
