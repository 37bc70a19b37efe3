package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;

/** gx = conv_transpose(gy, w): the adjoint of conv2d in its input, bilinear in (gy, w). */
public final class Conv2dInputGrad extends Function {
    private final Geometry.Conv2d geometry;

    private Conv2dInputGrad(Geometry.Conv2d geometry) {
        this.geometry = geometry;
    }

    static Tensor forward(Tensor gy, Tensor w, Geometry.Conv2d g) {
        int[] shape = {g.n(), g.cin(), g.h(), g.w()};
        Buffer out = Ops.allocateForOverwrite(gy, gy.dtype(), shape);
        gy.backend().conv2dInputGrad(gy.buffer(), w.buffer(), out, g);
        return Tensor.fromOp(out, shape, new Conv2dInputGrad(g), gy, w);
    }

    @Override
    public Tensor[] backward(Tensor h, boolean[] needed) {
        // <h, T(gy, w)> = <conv(h, w), gy> = <w, W(h, gy)>
        Tensor gy = inputs()[0];
        Tensor w = inputs()[1];
        return new Tensor[] {
            needed[0] ? Conv2d.forward(h, w, geometry) : null,
            needed[1] ? Conv2dWeightGrad.forward(h, gy, geometry) : null};
    }
}
