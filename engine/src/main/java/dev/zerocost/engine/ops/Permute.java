package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import java.util.Arrays;

/** Reorders axes (copying into a new contiguous buffer). */
public final class Permute extends Function {
    private final int[] axes;

    private Permute(int[] axes) {
        this.axes = axes;
    }

    public static Tensor apply(Tensor x, int[] axes) {
        int[] in = x.shape();
        if (axes.length != in.length) {
            throw new IllegalArgumentException("permute " + Arrays.toString(axes) + " does not match shape " + Shapes.str(in));
        }
        long[] inStrides = Shapes.strides(in);
        int[] out = new int[in.length];
        long[] strides = new long[in.length];
        boolean[] seen = new boolean[in.length];
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis(axes[i], in);
            if (seen[a]) {
                throw new IllegalArgumentException("permute " + Arrays.toString(axes) + " repeats axis " + a);
            }
            seen[a] = true;
            out[i] = in[a];
            strides[i] = inStrides[a];
        }
        Buffer buf = Ops.allocate(x, x.dtype(), out);
        x.backend().copyStrided(x.buffer(), 0, out, strides, buf, 0);
        return Tensor.fromOp(buf, out, new Permute(axes.clone()), x);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inverse[Shapes.axis(axes[i], g.shape())] = i;
        }
        return new Tensor[] {g.permute(inverse)};
    }
}
