package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;

/**
 * op(a) op(b) for 2-d or batched 3-d operands, op = transpose where flagged. Its backward is two
 * more matmuls with other flags, so every order of derivative stays within this one op.
 */
public final class Matmul extends Function {
    private final boolean transA;
    private final boolean transB;

    private Matmul(boolean transA, boolean transB) {
        this.transA = transA;
        this.transB = transB;
    }

    public static Tensor apply(Tensor a, Tensor b, boolean transA, boolean transB) {
        Ops.sameBackend("matmul", a, b);
        Ops.sameDtype("matmul", a, b);
        Ops.floating("matmul", a);
        if (a.rank() != b.rank() || a.rank() < 2 || a.rank() > 3) {
            throw new IllegalArgumentException("matmul needs two 2-d or two 3-d tensors, got "
                    + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        int r = a.rank();
        int batch = r == 3 ? a.dim(0) : 1;
        int m = transA ? a.dim(r - 1) : a.dim(r - 2);
        int k = transA ? a.dim(r - 2) : a.dim(r - 1);
        int kb = transB ? b.dim(r - 1) : b.dim(r - 2);
        int n = transB ? b.dim(r - 2) : b.dim(r - 1);
        if (k != kb || (r == 3 && b.dim(0) != batch)) {
            throw new IllegalArgumentException("matmul shapes do not agree: " + Shapes.str(a.shape())
                    + (transA ? "^T" : "") + " x " + Shapes.str(b.shape()) + (transB ? "^T" : ""));
        }
        int[] shape = r == 3 ? new int[] {batch, m, n} : new int[] {m, n};
        Buffer out = Ops.allocate(a, a.dtype(), shape);
        a.backend().matmul(a.buffer(), b.buffer(), out, batch, m, n, k, transA, transB);
        return Tensor.fromOp(out, shape, new Matmul(transA, transB), a, b);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor a = inputs()[0];
        Tensor b = inputs()[1];
        Tensor ga = null;
        Tensor gb = null;
        if (needed[0]) {
            ga = transA ? apply(b, g, transB, true) : apply(g, b, false, !transB);
        }
        if (needed[1]) {
            gb = transB ? apply(g, a, true, transA) : apply(a, g, !transA, false);
        }
        return new Tensor[] {ga, gb};
    }
}
