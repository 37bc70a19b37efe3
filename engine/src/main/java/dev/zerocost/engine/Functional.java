package dev.zerocost.engine;

import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.ops.AvgPool2d;
import dev.zerocost.engine.ops.BatchNorm2dTrain;
import dev.zerocost.engine.ops.Conv2d;
import dev.zerocost.engine.ops.Matmul;
import dev.zerocost.engine.ops.MaxPool2d;
import dev.zerocost.engine.ops.PlaneDot;

/**
 * The neural-network ops, PyTorch's {@code torch.nn.functional} semantics. Composite ops (batch
 * norm, log-softmax, cross-entropy, linear) are built from differentiable primitives, so every
 * derivative order comes for free; a backend may later fuse them without changing these meanings.
 */
public final class Functional {
    private Functional() {
    }

    /** conv2d with optional bias [Cout] (null for none). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        Tensor y = Conv2d.apply(x, weight, stride, padding);
        if (bias != null) {
            if (bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
                throw new IllegalArgumentException("conv2d bias must be [" + weight.dim(0) + "], got " + Shapes.str(bias.shape()));
            }
            y = y.add(bias.reshape(1, -1, 1, 1));
        }
        return y;
    }

    /** x [N, in] times weight [out, in] transposed, plus bias [out] (may be null). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (x.rank() != 2 || weight.rank() != 2 || x.dim(1) != weight.dim(1)) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(x.shape()) + " does not match weight "
                    + Shapes.str(weight.shape()) + " (expected [N, " + (weight.rank() == 2 ? weight.dim(1) : "?") + "])");
        }
        Tensor y = Matmul.apply(x, weight, false, true);
        return bias == null ? y : y.add(bias);
    }

    /**
     * Per sample and channel, the sum over H and W of a * b ([N, C, H, W] each, one shape): an
     * [N, C] tensor of values, no graph; one fused pass where the backend has one ({@link PlaneDot}).
     */
    public static Tensor planeDot(Tensor a, Tensor b) {
        return PlaneDot.apply(a, b);
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        return AvgPool2d.apply(x, kernel, stride, padding, countIncludePad);
    }

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return MaxPool2d.apply(x, kernel, stride, padding);
    }

    /** Adaptive average pooling to [outH, outW]; supports 1x1 and sizes that divide the input. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("adaptive_avg_pool2d needs [N, C, H, W], got " + Shapes.str(x.shape()));
        }
        int h = x.dim(2);
        int w = x.dim(3);
        if (outH == 1 && outW == 1) {
            return x.mean(true, 2, 3);
        }
        if (h % outH != 0 || w % outW != 0 || h / outH != w / outW) {
            throw new IllegalArgumentException("adaptive_avg_pool2d to " + outH + "x" + outW + " of " + Shapes.str(x.shape())
                    + " is supported only when the window is square and divides the input");
        }
        int k = h / outH;
        return AvgPool2d.apply(x, k, k, 0, true);
    }

    /** Output and updated running statistics of a batch-norm call. */
    public record BatchNormResult(Tensor output, Tensor runningMean, Tensor runningVar) {
    }

    /**
     * Batch norm over (N, H, W) per channel. Training (or no running stats): batch mean and biased
     * batch variance; when running stats are given in training they are updated with momentum
     * using the unbiased variance, as PyTorch does. Evaluation: running stats. weight/bias may be null.
     * Batch statistics go through one fused graph node ({@link BatchNorm2dTrain}); evaluation with
     * running statistics is a composite of elementwise ops.
     */
    public static BatchNormResult batchNorm2d(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight,
                                              Tensor bias, boolean training, double momentum, double eps) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("batch_norm2d needs [N, C, H, W], got " + Shapes.str(x.shape()));
        }
        int c = x.dim(1);
        if (!training && runningMean != null) {
            Tensor mean = runningMean.reshape(1, c, 1, 1);
            Tensor var = runningVar.reshape(1, c, 1, 1);
            Tensor y = x.sub(mean).div(var.add(eps).sqrt());
            if (weight != null) {
                y = y.mul(weight.reshape(1, c, 1, 1));
            }
            if (bias != null) {
                y = y.add(bias.reshape(1, c, 1, 1));
            }
            return new BatchNormResult(y, runningMean, runningVar);
        }
        BatchNorm2dTrain.Result r = BatchNorm2dTrain.apply(x, weight, bias, eps);
        Tensor y = r.output();
        Tensor newMean = runningMean;
        Tensor newVar = runningVar;
        if (training && runningMean != null) {
            try (GradMode.Scope s = GradMode.noGrad()) {
                long n = r.count();
                Tensor m = r.mean().reshape(c);
                Tensor v = r.sumOfSquares().reshape(c).div((double) Math.max(1, n - 1));
                newMean = runningMean.mul(1 - momentum).add(m.mul(momentum));
                newVar = runningVar.mul(1 - momentum).add(v.mul(momentum));
            }
        }
        return new BatchNormResult(y, newMean, newVar);
    }

    /** log(softmax(x)) along an axis, computed stably. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Tensor shift = x.max(true, axis).detach();
        Tensor z = x.sub(shift);
        return z.sub(z.exp().sum(true, axis).log());
    }

    /** One-hot rows [N, classes] in the given float dtype from int64 labels [N]. */
    public static Tensor oneHot(Tensor labels, int classes, DType dtype) {
        if (labels.rank() != 1) {
            throw new IllegalArgumentException("labels must be [N], got " + Shapes.str(labels.shape()));
        }
        long[] l = labels.toLongArray();
        double[] v = new double[l.length * classes];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < 0 || l[i] >= classes) {
                throw new IllegalArgumentException("label " + l[i] + " at position " + i + " is outside [0, " + classes + ")");
            }
            v[i * classes + (int) l[i]] = 1.0;
        }
        return Tensor.of(labels.backend(), new NdArray(DType.FLOAT64, new int[] {l.length, classes}, v)).to(dtype);
    }

    /** Mean cross-entropy of logits [N, classes] against int64 labels [N]. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        if (logits.rank() != 2 || labels.rank() != 1 || labels.dim(0) != logits.dim(0)) {
            throw new IllegalArgumentException("cross_entropy needs logits [N, C] and labels [N], got "
                    + Shapes.str(logits.shape()) + " and " + Shapes.str(labels.shape()));
        }
        Tensor logp = logSoftmax(logits, 1);
        Tensor picked = logp.mul(oneHot(labels, logits.dim(1), logits.dtype()));
        return picked.sum().mul(-1.0 / logits.dim(0));
    }
}
