package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;

/** Average pooling over [N, C, H, W]; linear, so its backward is its adjoint and vice versa. */
public final class AvgPool2d extends Function {
    private final Geometry.Pool2d geometry;
    private final boolean countIncludePad;
    private final boolean adjoint;

    private AvgPool2d(Geometry.Pool2d geometry, boolean countIncludePad, boolean adjoint) {
        this.geometry = geometry;
        this.countIncludePad = countIncludePad;
        this.adjoint = adjoint;
    }

    /** Pool geometry with clear errors for impossible windows. */
    public static Geometry.Pool2d geometry(String op, int[] x, int kernel, int stride, int padding) {
        if (x.length != 4) {
            throw new IllegalArgumentException(op + " needs [N, C, H, W], got " + Shapes.str(x));
        }
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + " is invalid (padding must be at most half the kernel)");
        }
        Geometry.Pool2d g = Geometry.Pool2d.of(x[0] * x[1], x[2], x[3], kernel, stride, padding);
        if (g.hOut() <= 0 || g.wOut() <= 0) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " does not fit input " + Shapes.str(x));
        }
        return g;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        Ops.floating("avg_pool2d", x);
        Geometry.Pool2d g = geometry("avg_pool2d", x.shape(), kernel, stride, padding);
        return pool(x, g, countIncludePad, x.dim(0), x.dim(1));
    }

    private static Tensor pool(Tensor x, Geometry.Pool2d g, boolean countIncludePad, int n, int c) {
        int[] shape = {n, c, g.hOut(), g.wOut()};
        Buffer out = Ops.allocate(x, x.dtype(), shape);
        x.backend().avgPool2d(x.buffer(), out, g, countIncludePad);
        return Tensor.fromOp(out, shape, new AvgPool2d(g, countIncludePad, false), x);
    }

    private static Tensor unpool(Tensor gy, Geometry.Pool2d g, boolean countIncludePad, int n, int c) {
        int[] shape = {n, c, g.h(), g.w()};
        Buffer out = Ops.allocate(gy, gy.dtype(), shape);
        gy.backend().avgPool2dAdjoint(gy.buffer(), out, g, countIncludePad);
        return Tensor.fromOp(out, shape, new AvgPool2d(g, countIncludePad, true), gy);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        int n = g.dim(0);
        int c = g.dim(1);
        return new Tensor[] {adjoint ? pool(g, geometry, countIncludePad, n, c) : unpool(g, geometry, countIncludePad, n, c)};
    }
}
