package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.Shapes;

/**
 * Per sample and channel, the sum over positions of a * b for [N, C, H, W] tensors of one shape
 * and dtype: an [N, C] tensor, without a graph (values only). One pass over both inputs through
 * the backend's fused channel kernel on the [1, N*C, H*W] view, centred on zero (x - 0 is exact),
 * so the products are summed in that kernel's precision (float64 lanes on the {@code cpu}
 * backend) instead of being written out and reduced.
 */
public final class PlaneDot {
    private PlaneDot() {
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Ops.sameBackend("planeDot", a, b);
        Ops.sameDtype("planeDot", a, b);
        if (a.rank() != 4 || !java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("planeDot: needs two [N, C, H, W] tensors of one shape, got "
                    + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        int[] s = a.shape();
        int planes = s[0] * s[1];
        Tensor zero = Ops.zeros(a, new int[] {planes});
        Tensor out = Ops.zeros(a, new int[] {s[0], s[1]});
        a.backend().channelCentredDot(a.buffer(), zero.buffer(), b.buffer(), out.buffer(), 1, planes, s[2] * s[3]);
        return out;
    }
}
