package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;

/** cond != 0 ? a : b; the condition carries no gradient. */
public final class Where extends Function {
    private Where() {
    }

    public static Tensor apply(Tensor cond, Tensor a, Tensor b) {
        Ops.sameBackend("where", a, b);
        Ops.sameBackend("where", cond, a);
        Ops.sameDtype("where", a, b);
        Ops.sameDtype("where", cond, a);
        Broadcast bc = Broadcast.of(cond.shape(), a.shape(), b.shape());
        Buffer out = Ops.allocate(a, a.dtype(), bc.shape());
        a.backend().where(cond.buffer(), a.buffer(), b.buffer(), out, bc);
        return Tensor.fromOp(out, bc.shape(), new Where(), cond.detach(), a, b);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor cond = inputs()[0];
        Tensor zero = Ops.zeros(g, new int[0]);
        return new Tensor[] {null,
            needed[1] ? apply(cond, g, zero) : null,
            needed[2] ? apply(cond, zero, g) : null};
    }
}
