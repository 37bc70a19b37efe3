package dev.zerocost.engine.ops;

import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.backend.Buffer;
import java.util.List;

/** Concatenation along the first axis. */
public final class Concat extends Function {
    private final int[] starts;

    private Concat(int[] starts) {
        this.starts = starts;
    }

    public static Tensor apply(List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("cat needs at least one tensor");
        }
        Tensor first = parts.get(0);
        int[] shape = first.shape();
        for (Tensor p : parts) {
            if (p.rank() == 0) {
                throw new IllegalArgumentException("cat joins along the first axis; a 0-d tensor has none (reshape it to [1])");
            }
        }
        int rows = 0;
        int[] starts = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            int[] s = p.shape();
            s[0] = shape[0];
            if (!java.util.Arrays.equals(s, shape)) {
                throw new IllegalArgumentException("cat: shape " + Shapes.str(p.shape()) + " does not match "
                        + Shapes.str(first.shape()) + " beyond the first axis");
            }
            Ops.sameDtype("cat", first, p);
            Ops.sameBackend("cat", first, p);
            starts[i] = rows;
            rows += p.dim(0);
        }
        starts[parts.size()] = rows;
        shape[0] = rows;
        Buffer out = Ops.allocate(first, first.dtype(), shape);
        long offset = 0;
        for (Tensor p : parts) {
            first.backend().copyStrided(p.buffer(), 0, new int[] {(int) p.size()}, new long[] {1}, out, offset);
            offset += p.size();
        }
        return Tensor.fromOp(out, shape, new Concat(starts), parts.toArray(new Tensor[0]));
    }

    @Override
    public Tensor[] backward(Tensor g, boolean[] needed) {
        Tensor[] out = new Tensor[starts.length - 1];
        for (int i = 0; i < out.length; i++) {
            if (needed[i]) {
                out[i] = g.slice(starts[i], starts[i + 1]);
            }
        }
        return out;
    }
}
