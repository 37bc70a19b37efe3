package dev.zerocost.engine.ops;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;

/** Conversion between dtypes; float-to-float casts pass gradients back in the source dtype. */
public final class Cast extends Function {
    private final DType from;

    private Cast(DType from) {
        this.from = from;
    }

    public static Tensor apply(Tensor x, DType dtype) {
        Buffer out = Ops.allocate(x, dtype, x.shape());
        x.backend().cast(x.buffer(), out);
        Cast fn = x.dtype().isFloating() && dtype.isFloating() ? new Cast(x.dtype()) : null;
        return Tensor.fromOp(out, x.shape(), fn, x);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        return new Tensor[] {g.to(from)};
    }
}
