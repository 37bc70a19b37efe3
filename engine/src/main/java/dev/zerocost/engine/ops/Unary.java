package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.UnaryOp;

/** Differentiable elementwise functions of one tensor and an optional scalar. */
public final class Unary extends Function {
    private final UnaryOp op;
    private final double scalar;
    private Tensor output;

    private Unary(UnaryOp op, double scalar) {
        this.op = op;
        this.scalar = scalar;
    }

    public static Tensor apply(UnaryOp op, double scalar, Tensor x) {
        Ops.floating(op.name().toLowerCase(), x);
        Buffer out = Ops.allocateForOverwrite(x, x.dtype(), x.shape());
        x.backend().unary(op, scalar, x.buffer(), out);
        boolean differentiable = op != UnaryOp.STEP && op != UnaryOp.SIGN && op != UnaryOp.IS_NAN;
        Unary fn = differentiable ? new Unary(op, scalar) : null;
        Tensor result = Tensor.fromOp(out, x.shape(), fn, x);
        if (fn != null && (op == UnaryOp.EXP || op == UnaryOp.SQRT)) {
            fn.output = result;
        }
        return result;
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor x = inputs()[0];
        Tensor gx = switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case EXP -> g.mul(output);
            case LOG -> g.div(x);
            case SQRT -> g.div(output.mul(2.0));
            // where(x > 0, g, 0) as PyTorch's threshold_backward: +0.0 where x <= 0 (g * step(x) gave -0.0
            // for negative g), and where(...) is differentiable in g for second order
            case RELU -> GradMode.isEnabled()
                    ? Checkpoint.apply("relu_grad", in -> Where.apply(Unary.apply(UnaryOp.STEP, 0, x.detach()), in[0],
                            Ops.zeros(in[0], new int[0])), g)
                    : reluGrad(x, g);
            case ADD_SCALAR -> g;
            case MUL_SCALAR -> g.mul(scalar);
            case POW_SCALAR -> scalar == 2.0 ? g.mul(x).mul(2.0) : g.mul(x.pow(scalar - 1)).mul(scalar);
            default -> throw new IllegalStateException(op + " has no gradient");
        };
        return new Tensor[] {gx};
    }

    /** The same values as the where(...) above in one fused pass, when no graph is built. */
    private static Tensor reluGrad(Tensor x, Tensor g) {
        Ops.sameDtype("relu backward", x, g);
        Buffer out = Ops.allocateForOverwrite(g, g.dtype(), g.shape());
        x.backend().reluGrad(x.buffer(), g.buffer(), out);
        return Tensor.wrap(out, g.shape());
    }

    @Override
    public String name() {
        return op.name().toLowerCase();
    }
}
