package dev.zerocost.jmh;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.random.TorchGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark-only peer (built only with {@code -Ppeer}, see jmh/PEER.md): the conv2d
 * forward + input gradient + weight gradient of {@link KernelBenchmarks#conv2dForwardBackward} on
 * ND4J / libnd4j ({@code conv2d} and {@code conv2d_bp} custom ops, oneDNN helpers when the native
 * build has them), float32, NCHW activations, OIHW weights, 3x3 stride 1 pad 1, no bias, the
 * same data (same generator and seed) and the same gradient (dy = y). GFLOP/s = 906 MFLOP / time
 * at both shapes, as for ours. Run with {@code OMP_NUM_THREADS=2} exported (OpenMP reads it; JMH
 * annotations cannot set a fork's environment), and on a machine shared with other work also
 * {@code OMP_WAIT_POLICY=PASSIVE} (spinning OpenMP barriers lose ~8x when a core is taken away).
 * The fork loads the {@code linux-x86_64-onednn-avx512} natives (platform extension below); setup
 * prints the native build flags (HAVE_ONEDNN) and checks forward and both gradients against ours.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector",
        "-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx512"})
public class PeerConvBenchmarks {
    /** Intra-op threads for the peer; ours uses availableProcessors (2 on the reference machine). */
    static final int THREADS = 2;

    @Param({"64x16x32x32", "64x64x8x8"})
    public String shape;

    private INDArray x;
    private INDArray w;
    private INDArray y;
    private INDArray gx;
    private INDArray gw;
    private DynamicCustomOp forward;
    private DynamicCustomOp backward;

    /** kH, kW, sH, sW, pH, pW, dH, dW, same-mode 0, data format 0 = NCHW, weights format 1 = [oC, iC, kH, kW]. */
    private static final int[] CONV_ARGS = {3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 1};

    @Setup(Level.Trial)
    public void setUp() {
        String omp = System.getenv("OMP_NUM_THREADS");
        String wait = System.getenv("OMP_WAIT_POLICY");
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxMasterThreads(THREADS);
        Nd4j.getEnvironment().setMaxThreads(THREADS);
        System.out.println("# peer: " + describePeer() + "; OMP_NUM_THREADS=" + omp
                + (String.valueOf(THREADS).equals(omp) ? "" : " (WARNING: export OMP_NUM_THREADS=" + THREADS + ")")
                + "; OMP_WAIT_POLICY=" + wait);

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

        x = Nd4j.create(xv, new long[] {n, c, h, wd}, 'c');
        w = Nd4j.create(wv, new long[] {c, c, 3, 3}, 'c');
        y = Nd4j.create(DataType.FLOAT, n, c, h, wd);
        gx = Nd4j.create(DataType.FLOAT, n, c, h, wd);
        gw = Nd4j.create(DataType.FLOAT, c, c, 3, 3);
        forward = DynamicCustomOp.builder("conv2d")
                .addInputs(x, w).addOutputs(y).addIntegerArguments(CONV_ARGS).build();
        // dy = y, as in KernelBenchmarks (grad of y with y.detach() as the incoming gradient)
        backward = DynamicCustomOp.builder("conv2d_bp")
                .addInputs(x, w, y).addOutputs(gx, gw).addIntegerArguments(CONV_ARGS).build();

        checkAgainstOurs(xv, wv, n, c, h, wd);
    }

    /** ND4J version, native build flags (HAVE_ONEDNN when the oneDNN helpers are compiled in), helpers switch, threads. */
    static String describePeer() {
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().replaceAll("\\s+", " ").trim();
        return "ND4J " + nd4jVersion()
                + " [" + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + "]"
                + "; native build: " + build
                + "; helpers allowed " + Nd4j.getEnvironment().helpersAllowed()
                + "; maxThreads " + Nd4j.getEnvironment().maxThreads()
                + ", maxMasterThreads " + Nd4j.getEnvironment().maxMasterThreads();
    }

    private static String nd4jVersion() {
        try (InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    /** Forward and both gradients against our engine on the same data; throws beyond 1e-3 relative max error. */
    private void checkAgainstOurs(float[] xv, float[] wv, int n, int c, int h, int wd) {
        Nd4j.exec(forward);
        Nd4j.exec(backward);
        Backends.use(Backends.select("cpu"));
        Tensor tx = Tensor.of(xv.clone(), n, c, h, wd).requiresGrad(true);
        Tensor tw = Tensor.of(wv.clone(), c, c, 3, 3).requiresGrad(true);
        Tensor ty = Functional.conv2d(tx, tw, null, 1, 1);
        List<Tensor> g = Autograd.grad(List.of(ty), List.of(tx, tw), List.of(ty.detach()), false);
        double ey = relMaxErr(y, ty.toFloatArray());
        double ex = relMaxErr(gx, g.get(0).toFloatArray());
        double ew = relMaxErr(gw, g.get(1).toFloatArray());
        System.out.printf("# peer vs ours, relative max error: y %.2e, dx %.2e, dw %.2e%n", ey, ex, ew);
        if (!(ey <= 1e-3 && ex <= 1e-3 && ew <= 1e-3)) {
            throw new IllegalStateException("peer conv2d disagrees with ours (layout or op misconfigured): y "
                    + ey + ", dx " + ex + ", dw " + ew);
        }
    }

    /** max |a - b| / max |b|. */
    private static double relMaxErr(INDArray peer, float[] ours) {
        float[] a = peer.dup('c').data().asFloat();
        if (a.length != ours.length) {
            throw new IllegalStateException("length " + a.length + " != " + ours.length);
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - ours[i]));
            scale = Math.max(scale, Math.abs((double) ours[i]));
        }
        return diff / Math.max(scale, Double.MIN_NORMAL);
    }

    /** Forward, then input and weight gradients in one conv2d_bp (dy = y). */
    @Benchmark
    public void conv2dForwardBackward(Blackhole bh) {
        Nd4j.exec(forward);
        Nd4j.exec(backward);
        bh.consume(gx);
        bh.consume(gw);
        bh.consume(gx.getFloat(0));
        bh.consume(gw.getFloat(0));
    }
}
