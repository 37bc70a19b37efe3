package dev.zerocost.engine.persample;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AdaptiveAvgPool2d;
import dev.zerocost.engine.nn.AvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Identity;
import dev.zerocost.engine.nn.Init;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.engine.nn.Sequential;
import dev.zerocost.engine.random.TorchGenerator;

/**
 * A small network with the NB-201 shapes that matter for per-sample gradients: a stem
 * conv3x3 + BN; a cell whose node 0 feeds three summed branches (ReLU-conv3x3-BN, avg-pool
 * 3/1/1 without padded counts, identity); a ResNet reduction block (two ReLU-conv-BN, the
 * first with stride 2, plus an avg-pool 2 + conv1x1 shortcut, here with a bias to cover conv
 * biases); then BN, ReLU, global pooling and a Linear classifier.
 */
final class Nb201LikeNetwork extends Module {
    Nb201LikeNetwork(int channels, int classes) {
        registerModule("stem", new Sequential(new Conv2d(3, channels, 3, 1, 1, false),
                new BatchNorm2d(channels, true, true)));
        registerModule("cell", new Cell(channels));
        registerModule("reduction", new ResidualBlock(channels, 2 * channels));
        registerModule("lastact", new Sequential(new BatchNorm2d(2 * channels, true, true), new ReLU()));
        registerModule("gap", new AdaptiveAvgPool2d(1, 1));
        registerModule("classifier", new Linear(2 * channels, classes, true));
    }

    /** A network initialised as PyTorch would with torch.manual_seed(seed). */
    static Nb201LikeNetwork create(int channels, int classes, long seed) {
        Nb201LikeNetwork net = new Nb201LikeNetwork(channels, classes);
        Init.torchDefault(net, TorchGenerator.manualSeed(seed));
        return net;
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor y = child("stem").call(x);
        y = child("cell").call(y);
        y = child("reduction").call(y);
        y = child("lastact").call(y);
        y = child("gap").call(y);
        return child("classifier").call(y.flatten(1));
    }

    static Sequential reluConvBn(int in, int out, int stride) {
        return new Sequential(new ReLU(), new Conv2d(in, out, 3, stride, 1, false), new BatchNorm2d(out, true, true));
    }

    /** node 0 read three times; the branches are summed (NB-201's fan-out). */
    static final class Cell extends Module {
        Cell(int c) {
            registerModule("conv", reluConvBn(c, c, 1));
            registerModule("pool", new AvgPool2d(3, 1, 1, false));
            registerModule("skip", new Identity());
        }

        @Override
        protected Tensor forward(Tensor x) {
            return child("conv").call(x).add(child("pool").call(x)).add(child("skip").call(x));
        }
    }

    /** NB-201's ResNetBasicblock with stride 2. */
    static final class ResidualBlock extends Module {
        ResidualBlock(int in, int out) {
            registerModule("conv_a", reluConvBn(in, out, 2));
            registerModule("conv_b", reluConvBn(out, out, 1));
            registerModule("downsample", new Sequential(new AvgPool2d(2, 2, 0, true), new Conv2d(in, out, 1, 1, 0, true)));
        }

        @Override
        protected Tensor forward(Tensor x) {
            return child("conv_b").call(child("conv_a").call(x)).add(child("downsample").call(x));
        }
    }

    /** A random batch [n, 3, size, size] in [-1, 1) of the given dtype. */
    static Tensor input(TorchGenerator gen, int n, int size, DType dtype) {
        double[] v = new double[n * 3 * size * size];
        gen.randInRange(v, -1, 1);
        return Tensor.of(v, n, 3, size, size).to(dtype);
    }

    /** Random int64 labels in [0, classes). */
    static Tensor labels(TorchGenerator gen, int n, int classes) {
        long[] l = new long[n];
        gen.randIntBelow(l, classes);
        return Tensor.ofLongs(l, n);
    }

    /** Mean cross-entropy against the labels. */
    static java.util.function.Function<Tensor, Tensor> crossEntropy(Tensor labels) {
        return logits -> Functional.crossEntropy(logits, labels);
    }
}
