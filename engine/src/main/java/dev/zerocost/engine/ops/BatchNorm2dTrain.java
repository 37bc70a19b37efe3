package dev.zerocost.engine.ops;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.Buffer;

/**
 * Batch norm with batch statistics (train mode) over (N, H, W) per channel, as ONE graph node, as
 * PyTorch's {@code native_batch_norm}. The graph keeps only x, weight, bias and the per-channel
 * mean and 1/std, not the ten full-size intermediates of the composite. The backward rule is
 * PyTorch's fused formula, gx = (gy - mean(gy) - (x - mean) * dot * invstd^2 / n) * invstd * w
 * with dot = sum(gy * (x - mean)), gw = dot * invstd, gb = sum(gy): its per-channel sums of gx
 * cancel in one place instead of across three gradient paths, which keeps float32 gradients as
 * close to the truth as PyTorch's (the composite's were not, see docs/PERFORMANCE.md).
 *
 * <p>Second order: when the backward runs with the graph on ({@code createGraph}), the input
 * gradient is one node with an analytic derivative in (x, weight, gy) ({@link BatchNormInputGrad},
 * the mean and 1/std depending on x), and the weight gradient a checkpointed node whose formula
 * recomputes mean and 1/std from x with differentiable ops; both derivatives are the true second
 * derivatives. Statistics are
 * PyTorch's: mean over the plane, var = sum((x - mean)^2) / n, 1/std = (var + eps)^-1/2 with the
 * last step in float64; reductions accumulate in float64 in every backend.
 */
public final class BatchNorm2dTrain extends Function {
    private final double eps;
    private final long count;
    private Tensor mean;
    private Tensor invstd;

    private BatchNorm2dTrain(double eps, long count) {
        this.eps = eps;
        this.count = count;
    }

    /**
     * The normalised output and the batch statistics (detached, [1, C, 1, 1]) that the running
     * statistics are updated from.
     *
     * @param sumOfSquares sum over (N, H, W) of (x - mean)^2, per channel
     */
    public record Result(Tensor output, Tensor mean, Tensor sumOfSquares, long count) {
    }

    /** Per-channel statistics of x: mean, centred x, sum of squares and 1/std (all [1, C, 1, 1] but centred). */
    private record Stats(Tensor mean, Tensor centred, Tensor sumOfSquares, Tensor invstd) {
    }

    /**
     * Train-mode batch norm of x [N, C, H, W]; weight and bias [C] may each be null (no affine).
     */
    public static Result apply(Tensor x, Tensor weight, Tensor bias, double eps) {
        Ops.floating("batch_norm", x);
        Ops.rank("batch_norm", "input", x, 4);
        int c = x.dim(1);
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null) {
                Ops.sameBackend("batch_norm", x, p);
                Ops.sameDtype("batch_norm", x, p);
                if (p.rank() != 1 || p.dim(0) != c) {
                    throw new IllegalArgumentException("batch_norm: weight and bias must be [" + c + "], got "
                            + Shapes.str(p.shape()));
                }
            }
        }
        long count = x.size() / Math.max(1, c);
        int n = x.dim(0);
        int plane = x.dim(2) * x.dim(3);
        Backend backend = x.backend();
        BatchNorm2dTrain fn = new BatchNorm2dTrain(eps, count);
        Tensor mean;
        Tensor sumsq;
        Tensor invstd;
        Buffer y = Ops.allocateForOverwrite(x, x.dtype(), x.shape());
        try (GradMode.Scope s = GradMode.noGrad()) {
            mean = channelSum(x, x, n, c, plane).mul(1.0 / count);
            sumsq = centredDot(x, mean, null, n, c, plane);
            invstd = invstd(sumsq, eps, count, x.dtype());
            Tensor scale = weight == null ? invstd : invstd.mul(weight.detach().reshape(1, c, 1, 1));
            backend.channelNormalize(x.buffer(), mean.buffer(), scale.buffer(), bias == null ? null : bias.buffer(),
                    y, n, c, plane);
        }
        fn.mean = mean;
        fn.invstd = invstd;
        Tensor output = Tensor.fromOp(y, x.shape(), fn, x, weight, bias);
        return new Result(output, mean, sumsq, count);
    }

    /** The backend's per-channel sum of t [n, c, h, w] (no graph), as a [1, c, 1, 1] tensor like x. */
    static Tensor channelSum(Tensor x, Tensor t, int n, int c, int plane) {
        Tensor sum = Ops.zeros(x, new int[] {1, c, 1, 1});
        x.backend().channelSum(t.buffer(), sum.buffer(), n, c, plane);
        return sum;
    }

    /**
     * The backend's per-channel sum of (t - centre) * y over (N, H, W) (no graph; y null: of
     * (t - centre)^2), as a [1, c, 1, 1] tensor like t.
     */
    static Tensor centredDot(Tensor t, Tensor centre, Tensor y, int n, int c, int plane) {
        Tensor out = Ops.zeros(t, new int[] {1, c, 1, 1});
        t.backend().channelCentredDot(t.buffer(), centre.buffer(), y == null ? null : y.buffer(), out.buffer(), n, c, plane);
        return out;
    }

    /** (sumsq / n + eps)^-1/2, in float64, then back to the dtype of x. */
    private static Tensor invstd(Tensor sumsq, double eps, long count, DType dtype) {
        return sumsq.to(DType.FLOAT64).div((double) count).add(eps).pow(-0.5).to(dtype);
    }

    /**
     * mean, x - mean, sum((x - mean)^2) and (sumsq / n + eps)^-1/2 (in float64, then back to x's
     * dtype), written in differentiable ops so the backward can rebuild them with the graph on.
     */
    private static Stats stats(Tensor x, double eps, long count) {
        Tensor mean = x.mean(true, 0, 2, 3);
        Tensor centred = x.sub(mean);
        Tensor squares = centred.mul(centred);
        Tensor sumsq = squares.sum(true, 0, 2, 3);
        if (!GradMode.isEnabled()) {
            squares.buffer().release();
        }
        return new Stats(mean, centred, sumsq, invstd(sumsq, eps, count, x.dtype()));
    }

    @Override
    public Tensor[] backward(Tensor gy, boolean[] needed) {
        Tensor x = inputs()[0];
        Tensor weight = inputs()[1];
        int c = x.dim(1);
        if (!GradMode.isEnabled()) {
            return fusedBackward(x, weight, gy, needed);
        }
        // with the graph on: the input gradient is one node whose value is the fused backward's
        // and whose derivative is analytic (BatchNormInputGrad); the weight gradient is a
        // checkpointed node of the formula in differentiable ops, from statistics recomputed from
        // x (its full-size intermediates are rebuilt when differentiated instead of being kept),
        // valued by the fused kernels too
        Tensor[] grads = new Tensor[3];
        if (needed[0] || needed[1]) {
            Tensor[] plain;
            try (GradMode.Scope off = GradMode.noGrad()) {
                plain = fusedBackward(x, weight, gy, new boolean[] {needed[0], needed[1], false});
            }
            if (needed[0]) {
                grads[0] = BatchNormInputGrad.apply(x, weight, gy, plain[0], mean, invstd, count);
            }
            if (needed[1]) {
                Tensor value = plain[1];
                grads[1] = Checkpoint.apply("batch_norm_weight_grad", in -> {
                    Stats st = stats(in[0], eps, count);
                    return st.centred.mul(in[1]).sum(true, 0, 2, 3).mul(st.invstd).reshape(c);
                }, in -> value, x, gy);
            }
        }
        if (needed[2]) {
            grads[2] = gy.sum(true, 0, 2, 3).reshape(c);
        }
        return grads;
    }

    /** The backward formula on the saved statistics, with the backend's fused kernels. */
    private Tensor[] fusedBackward(Tensor x, Tensor weight, Tensor gy, boolean[] needed) {
        int c = x.dim(1);
        int n = x.dim(0);
        int plane = x.dim(2) * x.dim(3);
        Backend backend = x.backend();
        // sum(gy) and sum((x - mean) * gy) in one pass where the backend fuses them
        Tensor sum = Ops.zeros(x, new int[] {1, c, 1, 1});
        Tensor dot = Ops.zeros(x, new int[] {1, c, 1, 1});
        backend.channelSumAndCentredDot(x.buffer(), mean.buffer(), gy.buffer(), sum.buffer(), dot.buffer(), n, c, plane);
        Tensor[] grads = new Tensor[3];
        if (needed[0]) {
            Tensor k = dot.mul(invstd.mul(invstd)).div((double) count);
            Tensor scale = weight == null ? invstd : invstd.mul(weight.reshape(1, c, 1, 1));
            Buffer gx = Ops.allocateForOverwrite(x, x.dtype(), x.shape());
            backend.channelNormalizeGrad(x.buffer(), mean.buffer(), gy.buffer(), sum.div((double) count).buffer(),
                    k.buffer(), scale.buffer(), gx, n, c, plane);
            grads[0] = Tensor.wrap(gx, x.shape());
        }
        if (needed[1]) {
            grads[1] = dot.mul(invstd).reshape(c);
        }
        if (needed[2]) {
            grads[2] = sum.reshape(c);
        }
        return grads;
    }

    @Override
    public String name() {
        return "batch_norm";
    }
}
