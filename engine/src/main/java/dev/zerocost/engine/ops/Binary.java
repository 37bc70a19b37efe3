package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;

/** Differentiable broadcasting arithmetic: add, sub, mul, div, maximum, minimum. */
public final class Binary extends Function {
    private final BinaryOp op;

    private Binary(BinaryOp op) {
        this.op = op;
    }

    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        Ops.sameBackend(name, a, b);
        Ops.sameDtype(name, a, b);
        Broadcast bc = Broadcast.of(a.shape(), b.shape());
        Buffer out = Ops.allocateForOverwrite(a, a.dtype(), bc.shape());
        a.backend().binary(op, a.buffer(), b.buffer(), out, bc);
        return Tensor.fromOp(out, bc.shape(), new Binary(op), a, b);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor a = inputs()[0];
        Tensor b = inputs()[1];
        return switch (op) {
            case ADD -> new Tensor[] {g, g};
            case SUB -> new Tensor[] {g, needed[1] ? g.neg() : null};
            case MUL -> new Tensor[] {needed[0] ? g.mul(b) : null, needed[1] ? g.mul(a) : null};
            case DIV -> new Tensor[] {needed[0] ? g.div(b) : null, needed[1] ? g.mul(a).div(b.mul(b)).neg() : null};
            case MAX, MIN -> {
                // ties share the gradient equally, as torch.maximum does
                Tensor pickA = (op == BinaryOp.MAX ? a.gt(b) : a.lt(b)).add(a.eq(b).mul(0.5));
                Tensor pickB = pickA.neg().add(1.0);
                yield new Tensor[] {needed[0] ? g.mul(pickA) : null, needed[1] ? g.mul(pickB) : null};
            }
            default -> throw new IllegalStateException(op + " has no gradient");
        };
    }

    @Override
    public String name() {
        return op.name().toLowerCase();
    }
}
