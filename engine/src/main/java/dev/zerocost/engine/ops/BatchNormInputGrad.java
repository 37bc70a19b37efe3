package dev.zerocost.engine.ops;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Function;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.Buffer;

/**
 * Train-mode batch norm's input gradient gx(x, w, gy) = w s (gy - mean(gy) - x^ mean(gy x^)) as
 * one graph node (x^ = (x - mean) s, s = 1/std over the M = N H W elements of a channel), for
 * backward passes that run with the graph on (GraSP). Its value is the plain backward's; its own
 * backward is analytic, as PyTorch's {@code batchnorm_double_backward}, with the mean and s
 * depending on x. With ggx the gradient of gx, per channel G = sum(ggx (gy - mean(gy))),
 * R = sum(gy x^), Q = sum(ggx x^) and A = w s:
 * <ul>
 *   <li>d/dgy = A (ggx - mean(ggx) - x^ Q / M)
 *   <li>d/dw = s (G - R Q / M)
 *   <li>d/dx = -(A s / M) (x^ (G - 3 R Q / M) + Q (gy - mean(gy)) + R (ggx - mean(ggx)))
 * </ul>
 * Differentiable once more, not twice: a third derivative through it is refused.
 */
final class BatchNormInputGrad extends Function {
    private final Tensor mean;
    private final Tensor invstd;
    private final long count;

    private BatchNormInputGrad(Tensor mean, Tensor invstd, long count) {
        this.mean = mean;
        this.invstd = invstd;
        this.count = count;
    }

    /**
     * The node for input x, weight (null without affine) and upstream gy, whose value gx the
     * caller computed; mean and invstd are x's batch statistics, [1, C, 1, 1], without a graph.
     */
    static Tensor apply(Tensor x, Tensor weight, Tensor gy, Tensor gx, Tensor mean, Tensor invstd, long count) {
        return Tensor.fromOp(gx.buffer(), x.shape(), new BatchNormInputGrad(mean, invstd, count), x, weight, gy);
    }

    @Override
    public Tensor[] backward(Tensor ggx, boolean[] needed) {
        if (GradMode.isEnabled()) {
            throw new UnsupportedOperationException("batch_norm_input_grad is differentiable once more, not twice;"
                    + " third-order derivatives through batch norm are not supported");
        }
        Tensor x = inputs()[0];
        Tensor weight = inputs()[1];
        Tensor gy = inputs()[2];
        int n = x.dim(0);
        int c = x.dim(1);
        int plane = x.dim(2) * x.dim(3);
        double m = count;
        Backend backend = x.backend();
        Tensor s = invstd;
        Tensor a = weight == null ? s : s.mul(weight.reshape(1, c, 1, 1));
        Tensor sumGy = BatchNorm2dTrain.channelSum(x, gy, n, c, plane);
        Tensor sumGg = BatchNorm2dTrain.channelSum(x, ggx, n, c, plane);
        Tensor r = BatchNorm2dTrain.centredDot(x, mean, gy, n, c, plane).mul(s);
        Tensor q = BatchNorm2dTrain.centredDot(x, mean, ggx, n, c, plane).mul(s);
        // sum(ggx gy): a centred dot about 0
        Tensor g = BatchNorm2dTrain.centredDot(ggx, Ops.zeros(x, new int[] {1, c, 1, 1}), gy, n, c, plane)
                .sub(sumGy.mul(sumGg).div(m));
        Tensor rqm = r.mul(q).div(m);
        Tensor[] grads = new Tensor[3];
        if (needed[0]) {
            Tensor f = a.mul(s).div(-m);
            Tensor centred = x.sub(mean);
            grads[0] = centred.mul(s.mul(g.sub(rqm.mul(3.0))).mul(f))
                    .add(gy.sub(sumGy.div(m)).mul(q.mul(f)))
                    .add(ggx.sub(sumGg.div(m)).mul(r.mul(f)));
        }
        if (needed[1] && weight != null) {
            grads[1] = s.mul(g.sub(rqm)).reshape(c);
        }
        if (needed[2]) {
            Buffer out = Ops.allocateForOverwrite(x, x.dtype(), x.shape());
            backend.channelNormalizeGrad(x.buffer(), mean.buffer(), ggx.buffer(), sumGg.div(m).buffer(),
                    s.mul(q).div(m).buffer(), a.buffer(), out, n, c, plane);
            grads[2] = Tensor.wrap(out, x.shape());
        }
        return grads;
    }

    @Override
    public String name() {
        return "batch_norm_input_grad";
    }
}
