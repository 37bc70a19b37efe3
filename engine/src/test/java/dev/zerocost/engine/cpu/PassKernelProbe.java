package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Geometry;
import java.util.Arrays;
import java.util.Random;

/**
 * Times the float32 one-pass kernels around the convolutions (batch-norm channel sums and
 * normalize, 3x3 stride-1 average pooling and its adjoint, ReLU) on [N, C, H, H], median of the
 * last 3/4 of 200 calls in one JVM, twice. "cold" reads one of 24 copies of the input in turn, so
 * it comes from memory rather than cache, as a convolution's fresh output does. Not a test; see
 * docs/PERFORMANCE.md: {@code java --add-modules jdk.incubator.vector -cp
 * engine/target/test-classes:engine/target/classes dev.zerocost.engine.cpu.PassKernelProbe N,C,H}.
 */
public final class PassKernelProbe {
    private static final int REPS = 200;

    private PassKernelProbe() {
    }

    public static void main(String[] a) {
        if (a.length != 1 || a[0].split(",").length != 3) {
            System.err.println("usage: PassKernelProbe N,C,H   (square planes)");
            System.exit(2);
        }
        int[] p = Arrays.stream(a[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int n = p[0];
        int c = p[1];
        int plane = p[2] * p[2];
        Random r = new Random(1);
        float[] x = new float[n * c * plane];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = (float) r.nextGaussian();
        }
        float[][] copies = new float[24][];
        for (int k = 0; k < copies.length; k++) {
            copies[k] = x.clone();
        }
        int[] next = {0};
        float[] o = new float[x.length];
        float[] mean = new float[c];
        float[] out = new float[c];
        float[] scale = new float[c];
        float[] shift = new float[c];
        Arrays.fill(scale, 1.1f);
        Geometry.Pool2d g = Geometry.Pool2d.of(n * c, p[2], p[2], 3, 1, 1);
        Broadcast same = Broadcast.of(new int[] {n, c, p[2], p[2]}, new int[] {n, c, p[2], p[2]});
        Broadcast channel = Broadcast.of(new int[] {n, c, p[2], p[2]}, new int[] {1, c, 1, 1});
        for (int round = 0; round < 2; round++) {
            double sum = time(() -> VectorChannelSums.sum(x, out, n, c, plane));
            double sumCold = time(() -> VectorChannelSums.sum(copies[next[0]++ % copies.length], out, n, c, plane));
            double dot = time(() -> CpuBatchNorm.centredDot(x, mean, y, out, n, c, plane));
            double norm = time(() -> CpuBatchNorm.normalize(x, mean, scale, shift, o, n, c, plane));
            double pool = time(() -> CpuPool.avgPool2d(x, o, g, false));
            double poolCold = time(() -> CpuPool.avgPool2d(copies[next[0]++ % copies.length], o, g, false));
            double adj = time(() -> CpuPool.avgPool2dAdjoint(x, o, g, false));
            double relu = time(() -> CpuElementwise.forChunks(x.length, (lo, hi) -> VectorElementwise.relu(x, o, lo, hi)));
            double add = time(() -> CpuElementwise.binary(BinaryOp.ADD, x, y, o, same));
            double perChannel = time(() -> CpuElementwise.binary(BinaryOp.MUL, x, scale, o, channel));
            System.out.printf("%s threads %d  bn sum %.3f ms (cold %.3f)  centred dot %.3f  normalize %.3f  "
                    + "avgpool %.3f (cold %.3f)  adjoint %.3f  relu %.3f  add %.3f  per-channel mul %.3f%n", a[0],
                    CpuThreads.count(), sum, sumCold, dot, norm, pool, poolCold, adj, relu, add, perChannel);
        }
        System.out.println("checksum " + (out[0] + o[1])); // keeps the results live
    }

    private static double time(Runnable op) {
        return ConvKernelProbe.time(op, REPS);
    }
}
