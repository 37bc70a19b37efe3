package dev.zerocost.proxies;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AdaptiveAvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Init;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.engine.random.TorchGenerator;

/** A small conv net for proxy tests: conv-BN-ReLU, conv-BN-ReLU, global pool, linear. */
final class ToyNetwork extends Module implements ScoredNetwork {
    private final boolean batchNorm;
    private final boolean ignoreInput;

    ToyNetwork(boolean batchNorm, boolean ignoreInput, long seed) {
        this.batchNorm = batchNorm;
        this.ignoreInput = ignoreInput;
        registerModule("conv1", new Conv2d(3, 4, 3, 1, 1, false));
        if (batchNorm) {
            registerModule("bn1", new BatchNorm2d(4, true, true));
        }
        registerModule("relu1", new ReLU());
        registerModule("conv2", new Conv2d(4, 6, 3, 2, 1, true));
        registerModule("relu2", new ReLU());
        registerModule("pool", new AdaptiveAvgPool2d(1, 1));
        registerModule("classifier", new Linear(6, 5, true));
        Init.torchDefault(this, TorchGenerator.manualSeed(seed));
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = features(x);
        return child("classifier").call(child("pool").call(y).flatten(1));
    }

    @Override
    public Tensor features(Tensor x) {
        Tensor in = ignoreInput ? x.mul(0.0).add(1.0) : x;
        Tensor y = child("conv1").call(in);
        if (batchNorm) {
            y = child("bn1").call(y);
        }
        y = child("relu1").call(y);
        return child("relu2").call(child("conv2").call(y));
    }

    @Override
    public Module module() {
        return this;
    }

    @Override
    public ScoredNetwork duplicate() {
        return (ToyNetwork) copy();
    }

    @Override
    public ScoredNetwork withoutBatchNorm() {
        ToyNetwork plain = new ToyNetwork(false, ignoreInput, 0);
        java.util.Map<String, Tensor> state = new java.util.LinkedHashMap<>();
        stateDict().forEach((k, v) -> {
            if (!k.startsWith("bn1.")) {
                state.put(k, v);
            }
        });
        plain.loadStateDict(state);
        return plain;
    }

    @Override
    public long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) {
            n += t.size();
        }
        return n;
    }

    @Override
    public long flops() {
        return 0;
    }

    @Override
    public int classes() {
        return 5;
    }

    /** n random 3x8x8 images in [-2, 2) and labels below 5, from torch.manual_seed(seed). */
    static Batch batch(long seed, int n) {
        TorchGenerator g = TorchGenerator.manualSeed(seed);
        float[] x = new float[n * 3 * 8 * 8];
        g.randInRange(x, -2, 2);
        long[] y = new long[n];
        g.randIntBelow(y, 5);
        return new Batch(Tensor.of(x, n, 3, 8, 8), Tensor.ofLongs(y, n));
    }
}
