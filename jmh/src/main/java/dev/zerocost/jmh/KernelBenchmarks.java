package dev.zerocost.jmh;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.random.TorchGenerator;
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
 * Kernel benchmarks at NB-201 shapes, per backend: conv2d forward+backward (input and weight
 * gradients), batch norm forward+backward in train mode, and 3x3 average pooling forward+backward.
 * GFLOP/s for conv = 3 x 2 x N x Cout x H x W x Cin x 9 / time. Forks run with
 * {@code --add-modules jdk.incubator.vector} (the vector GEMMs); {@code conv2dForwardBackwardScalar}
 * forces the scalar GEMMs in its fork, so one run gives the vector/scalar ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmarks {
    /** "64x16x32x32" (cells of stage 1) or "64x64x8x8" (cells of stage 3). */
    @Param({"64x16x32x32", "64x64x8x8"})
    public String shape;

    @Param({"cpu"})
    public String backend;

    private Tensor x;
    private Tensor w;
    private Tensor gamma;
    private Tensor beta;

    @Setup(Level.Trial)
    public void setUp() {
        Backend b = Backends.select(backend);
        Backends.use(b);
        System.out.println("# " + b.name() + ": " + dev.zerocost.engine.cpu.CpuKernels.describe());
        String[] p = shape.split("x");
        int n = Integer.parseInt(p[0]);
        int c = Integer.parseInt(p[1]);
        int h = Integer.parseInt(p[2]);
        int wd = Integer.parseInt(p[3]);
        TorchGenerator gen = TorchGenerator.manualSeed(0);
        float[] xv = new float[n * c * h * wd];
        gen.randInRange(xv, -1, 1);
        float[] wv = new float[c * c * 9];
        gen.fillKaimingUniform(wv, c * 9);
        x = Tensor.of(xv, n, c, h, wd).requiresGrad(true);
        w = Tensor.of(wv, c, c, 3, 3).requiresGrad(true);
        gamma = Tensor.ones(c).requiresGrad(true);
        beta = Tensor.zeros(c).requiresGrad(true);
    }

    @Benchmark
    public List<Tensor> conv2dForwardBackward() {
        Tensor y = Functional.conv2d(x, w, null, 1, 1);
        return Autograd.grad(List.of(y), List.of(x, w), List.of(y.detach()), false);
    }

    /** The same with {@code zerocost.vector=false}: the scalar GEMMs the vector ones replace. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dzerocost.vector=false"})
    public List<Tensor> conv2dForwardBackwardScalar() {
        return conv2dForwardBackward();
    }

    @Benchmark
    public List<Tensor> batchNormTrainForwardBackward() {
        Tensor y = Functional.batchNorm2d(x, null, null, gamma, beta, true, 0.1, 1e-5).output();
        return Autograd.grad(List.of(y), List.of(x, gamma, beta), List.of(y.detach()), false);
    }

    @Benchmark
    public List<Tensor> avgPool3x3ForwardBackward() {
        Tensor y = Functional.avgPool2d(x, 3, 1, 1, false);
        return Autograd.grad(List.of(y), List.of(x), List.of(y.detach()), false);
    }
}
