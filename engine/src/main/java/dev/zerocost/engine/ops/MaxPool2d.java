package dev.zerocost.engine.ops;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;

/**
 * Max pooling as a gather at the window maxima; gather and its adjoint (scatter-add) are each
 * other's backward, so second order works with the same indices.
 */
public final class MaxPool2d extends Function {
    private final Geometry.Pool2d geometry;
    private final Buffer indices;
    private final boolean scatter;

    private MaxPool2d(Geometry.Pool2d geometry, Buffer indices, boolean scatter) {
        this.geometry = geometry;
        this.indices = indices;
        this.scatter = scatter;
    }

    public static Tensor apply(Tensor x, int kernel, int stride, int padding) {
        Ops.floating("max_pool2d", x);
        Geometry.Pool2d g = AvgPool2d.geometry("max_pool2d", x.shape(), kernel, stride, padding);
        Buffer idx = x.backend().allocate(DType.INT64, (long) g.planes() * g.hOut() * g.wOut());
        x.backend().maxPool2dIndices(x.buffer(), idx, g);
        return gather(x, g, idx, x.dim(0), x.dim(1));
    }

    private static Tensor gather(Tensor x, Geometry.Pool2d g, Buffer idx, int n, int c) {
        int[] shape = {n, c, g.hOut(), g.wOut()};
        Buffer out = Ops.allocate(x, x.dtype(), shape);
        x.backend().gather2d(x.buffer(), idx, out, g);
        return Tensor.fromOp(out, shape, new MaxPool2d(g, idx, false), x);
    }

    private static Tensor scatter(Tensor gy, Geometry.Pool2d g, Buffer idx, int n, int c) {
        int[] shape = {n, c, g.h(), g.w()};
        Buffer out = Ops.allocate(gy, gy.dtype(), shape);
        gy.backend().scatter2d(gy.buffer(), idx, out, g);
        return Tensor.fromOp(out, shape, new MaxPool2d(g, idx, true), gy);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        int n = g.dim(0);
        int c = g.dim(1);
        return new Tensor[] {scatter ? gather(g, geometry, indices, n, c) : scatter(g, geometry, indices, n, c)};
    }
}
