package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;

/** gw = sum over batch and positions of gy (x) im2col(x): the adjoint of conv2d in its weight. */
public final class Conv2dWeightGrad extends Function {
    private final Geometry.Conv2d geometry;

    private Conv2dWeightGrad(Geometry.Conv2d geometry) {
        this.geometry = geometry;
    }

    static Tensor forward(Tensor x, Tensor gy, Geometry.Conv2d g) {
        int[] shape = {g.cout(), g.cin(), g.kh(), g.kw()};
        Buffer out = Ops.allocate(x, x.dtype(), shape);
        x.backend().conv2dWeightGrad(x.buffer(), gy.buffer(), out, g);
        return Tensor.fromOp(out, shape, new Conv2dWeightGrad(g), x, gy);
    }

    @Override
    public Tensor[] backward(Tensor h, boolean[] needed) {
        // <h, W(x, gy)> = <conv(x, h), gy> = <x, T(gy, h)>
        Tensor x = inputs()[0];
        Tensor gy = inputs()[1];
        return new Tensor[] {
            needed[0] ? Conv2dInputGrad.forward(gy, h, geometry) : null,
            needed[1] ? Conv2d.forward(x, h, geometry) : null};
    }
}
