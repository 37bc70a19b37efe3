package dev.zerocost.engine.nn;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;

/**
 * Batch norm over channels. Affine adds weight (1) and bias (0); tracking running stats adds
 * running_mean (0), running_var (1) and num_batches_tracked buffers, as in PyTorch. Train mode
 * normalises with batch statistics and updates the running ones; eval mode uses the running
 * statistics when tracked, batch statistics otherwise.
 */
public final class BatchNorm2d extends Module {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    private final boolean trackRunningStats;

    public BatchNorm2d(int channels, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        registerParameter("weight", affine ? Tensor.ones(DType.FLOAT32, channels) : null);
        registerParameter("bias", affine ? Tensor.zeros(DType.FLOAT32, channels) : null);
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(DType.FLOAT32, channels));
            registerBuffer("running_var", Tensor.ones(DType.FLOAT32, channels));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
        }
    }

    /** PyTorch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d(int channels, boolean affine, boolean trackRunningStats) {
        this(channels, 1e-5, 0.1, affine, trackRunningStats);
    }

    @Override
    protected Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != channels) {
            throw new IllegalArgumentException("BatchNorm2d(" + channels + ") got input of shape "
                    + dev.zerocost.engine.Shapes.str(x.shape()) + "; expected [N, " + channels + ", H, W]");
        }
        Tensor mean = trackRunningStats ? buffer("running_mean") : null;
        Tensor var = trackRunningStats ? buffer("running_var") : null;
        Functional.BatchNormResult r = Functional.batchNorm2d(x, mean, var, param("weight"), param("bias"),
                isTraining(), momentum, eps);
        if (isTraining() && trackRunningStats) {
            setBuffer("running_mean", r.runningMean());
            setBuffer("running_var", r.runningVar());
            long n = buffer("num_batches_tracked").toLongArray()[0];
            setBuffer("num_batches_tracked", Tensor.ofLongs(new long[] {n + 1}));
        }
        return r.output();
    }

    public int channels() {
        return channels;
    }

    public boolean affine() {
        return affine;
    }

    public boolean tracksRunningStats() {
        return trackRunningStats;
    }
}
