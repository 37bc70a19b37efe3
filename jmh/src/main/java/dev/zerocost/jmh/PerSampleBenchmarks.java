package dev.zerocost.jmh;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.persample.GradientStatistics;
import dev.zerocost.engine.persample.PerSampleGradients;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.network.CellNetwork;
import dev.zerocost.nasbench.network.Networks;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-sample gradient statistics (ZiCo per-sample) versus a plain forward + backward, on the full
 * all-{@code nor_conv_3x3} NB-201 network (C = 16, N = 5, 10 classes), train mode, mean
 * cross-entropy. Both compute the gradient of every Conv2d and Linear weight; the per-sample pass
 * also streams each sample's gradient into {@link GradientStatistics} (16 bytes per parameter).
 * No memory scope: buffers are Java arrays reclaimed by the GC, and the batch-norm running
 * statistics a train-mode pass updates must outlive the call (a scope would close them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PerSampleBenchmarks {
    static final String ALL_CONV3 =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    @Param({"64"})
    public int batch;

    @Param({"cpu"})
    public String backend;

    private CellNetwork net;
    private Tensor input;
    private Tensor labels;
    private List<Tensor> weights;

    @Setup(Level.Trial)
    public void setUp() {
        Backends.use(Backends.select(backend));
        net = Networks.build("nb201", Arch.parse(ALL_CONV3), 16, 5, 10, true, 0);
        net.train(true);
        TorchGenerator gen = TorchGenerator.manualSeed(1);
        float[] x = new float[batch * 3 * 32 * 32];
        gen.randInRange(x, -2, 2);
        long[] y = new long[batch];
        gen.randIntBelow(y, 10);
        input = Tensor.of(x, batch, 3, 32, 32);
        labels = Tensor.ofLongs(y, batch);
        weights = new ArrayList<>();
        for (String name : PerSampleGradients.of(net).includeBiases(false).parameterNames()) {
            weights.add(net.namedParameters().get(name));
        }
    }

    /** Forward, mean cross-entropy, batch gradients of the conv/linear weights. */
    @Benchmark
    public double plainForwardBackward() {
        Tensor loss = Functional.crossEntropy(net.call(input), labels);
        List<Tensor> g = Autograd.grad(loss, weights, false);
        return g.get(0).sum().item();
    }

    /** The same pass with per-sample gradients streamed into statistics (ZiCo per-sample). */
    @Benchmark
    public long perSampleStatistics() {
        GradientStatistics stats = GradientStatistics.streaming();
        PerSampleGradients.of(net).includeBiases(false)
                .run(input, logits -> Functional.crossEntropy(logits, labels), stats);
        return stats.bytes();
    }
}
