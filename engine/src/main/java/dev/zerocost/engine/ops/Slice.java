package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Rows [start, end) of the first axis. */
public final class Slice extends Function {
    private final int start;
    private final int end;

    private Slice(int start, int end) {
        this.start = start;
        this.end = end;
    }

    public static Tensor apply(Tensor x, int start, int end) {
        int[] shape = x.shape();
        if (shape.length == 0 || start < 0 || end > shape[0] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") is out of range for shape " + Shapes.str(shape));
        }
        long row = x.size() / Math.max(1, shape[0]);
        shape[0] = end - start;
        Buffer out = Ops.allocate(x, x.dtype(), shape);
        x.backend().copyStrided(x.buffer(), start * row, new int[] {(int) (row * (end - start))}, new long[] {1}, out, 0);
        return Tensor.fromOp(out, shape, new Slice(start, end), x);
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        int[] full = inputs()[0].shape();
        List<Tensor> parts = new ArrayList<>();
        if (start > 0) {
            int[] s = full.clone();
            s[0] = start;
            parts.add(Ops.zeros(g, s));
        }
        parts.add(g);
        if (end < full[0]) {
            int[] s = full.clone();
            s[0] = full[0] - end;
            parts.add(Ops.zeros(g, s));
        }
        return new Tensor[] {Concat.apply(parts)};
    }
}
