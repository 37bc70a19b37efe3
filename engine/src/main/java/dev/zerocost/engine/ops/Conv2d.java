package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;

/**
 * 2-d cross-correlation y = conv(x, w) (bias is added by the caller). With
 * {@link Conv2dInputGrad} and {@link Conv2dWeightGrad} it forms a closed trio: the backward of
 * each is written with the other two, so derivatives of any order stay in these three ops.
 */
public final class Conv2d extends Function {
    private final Geometry.Conv2d geometry;

    private Conv2d(Geometry.Conv2d geometry) {
        this.geometry = geometry;
    }

    /** The geometry of conv(x, w), with clear errors for mismatched shapes. */
    public static Geometry.Conv2d geometry(int[] x, int[] w, int stride, int padding) {
        if (x.length != 4 || w.length != 4) {
            throw new IllegalArgumentException("conv2d needs x [N, C, H, W] and weight [Cout, Cin, kh, kw], got "
                    + Shapes.str(x) + " and " + Shapes.str(w));
        }
        if (x[1] != w[1]) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(x) + " has " + x[1]
                    + " channels but weight " + Shapes.str(w) + " expects " + w[1]);
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got " + stride + ", " + padding);
        }
        Geometry.Conv2d g = Geometry.Conv2d.of(x[0], x[1], x[2], x[3], w[0], w[2], w[3], stride, padding);
        if (g.hOut() <= 0 || g.wOut() <= 0) {
            throw new IllegalArgumentException("conv2d: kernel " + w[2] + "x" + w[3] + " does not fit input "
                    + Shapes.str(x) + " with padding " + padding);
        }
        return g;
    }

    public static Tensor apply(Tensor x, Tensor w, int stride, int padding) {
        Ops.sameBackend("conv2d", x, w);
        Ops.sameDtype("conv2d", x, w);
        Ops.floating("conv2d", x);
        Geometry.Conv2d g = geometry(x.shape(), w.shape(), stride, padding);
        return forward(x, w, g);
    }

    static Tensor forward(Tensor x, Tensor w, Geometry.Conv2d g) {
        int[] shape = {g.n(), g.cout(), g.hOut(), g.wOut()};
        Buffer out = Ops.allocateForOverwrite(x, x.dtype(), shape);
        x.backend().conv2d(x.buffer(), w.buffer(), out, g);
        return Tensor.fromOp(out, shape, new Conv2d(g), x, w);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor x = inputs()[0];
        Tensor w = inputs()[1];
        return new Tensor[] {
            needed[0] ? Conv2dInputGrad.forward(g, w, geometry) : null,
            needed[1] ? Conv2dWeightGrad.forward(x, g, geometry) : null};
    }
}
