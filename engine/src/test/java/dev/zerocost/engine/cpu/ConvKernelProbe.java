package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import java.util.Arrays;
import java.util.Random;

/**
 * Times the float32 convolution kernels (forward, weight gradient, input gradient) of {@link CpuConv} at one
 * geometry, median of the last 3/4 of R calls in one JVM, twice; "cold" reads each call's inputs from
 * one of 16 copies in turn, so they come from memory rather than cache, as in a network's pass.
 * Not a test; see docs/PERFORMANCE.md:
 * {@code java --add-modules jdk.incubator.vector -cp engine/target/test-classes:engine/target/classes
 * dev.zerocost.engine.cpu.ConvKernelProbe N,CIN,H,COUT,K,STRIDE,PAD R}.
 */
public final class ConvKernelProbe {
    private ConvKernelProbe() {
    }

    /** Median milliseconds of the last three quarters of {@code reps} runs (the first quarter warms the JIT). */
    static double time(Runnable op, int reps) {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            op.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] tail = Arrays.copyOfRange(t, reps / 4, reps);
        Arrays.sort(tail);
        return tail[tail.length / 2];
    }

    public static void main(String[] a) {
        if (a.length != 2 || a[0].split(",").length != 7) {
            System.err.println("usage: ConvKernelProbe N,CIN,H,COUT,K,STRIDE,PAD REPEATS   (square planes and kernels)");
            System.exit(2);
        }
        int[] p = Arrays.stream(a[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int reps = Integer.parseInt(a[1]);
        Geometry.Conv2d g = Geometry.Conv2d.of(p[0], p[1], p[2], p[2], p[3], p[4], p[4], p[5], p[6]);
        Random r = new Random(1);
        float[] x = new float[g.n() * g.cin() * g.h() * g.w()];
        float[] w = new float[g.cout() * g.cin() * g.kh() * g.kw()];
        float[] gy = new float[g.n() * g.cout() * g.hOut() * g.wOut()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        for (int i = 0; i < gy.length; i++) gy[i] = (float) r.nextGaussian();
        float[] out = new float[gy.length], gx = new float[x.length], gw = new float[w.length];
        double f = g.flops() / 1e6;
        float[][] xs = new float[16][];
        float[][] gys = new float[16][];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = x.clone();
            gys[k] = gy.clone();
        }
        int[] next = {0};
        for (int round = 0; round < 2; round++) {
            double tf = time(() -> CpuConv.forward(x, w, out, g), reps);
            double tw = time(() -> CpuConv.weightGrad(x, gy, gw, g), reps);
            double ti = time(() -> CpuConv.inputGrad(gy, w, gx, g), reps);
            double cf = time(() -> CpuConv.forward(xs[next[0]++ % 16], w, out, g), reps);
            double cw = time(() -> CpuConv.weightGrad(xs[next[0] % 16], gys[next[0]++ % 16], gw, g), reps);
            double ci = time(() -> CpuConv.inputGrad(gys[next[0]++ % 16], w, gx, g), reps);
            System.out.printf("%-18s threads %d  fw %.3f ms (%.0f GF/s)  wg %.3f ms (%.0f)  ig %.3f ms (%.0f)"
                    + "  cold: fw %.3f  wg %.3f  ig %.3f ms%n", a[0], CpuThreads.count(), tf, f / tf, tw, f / tw, ti, f / ti,
                    cf, cw, ci);
        }
        double s = 0;
        for (float v : gw) {
            s += v;
        }
        System.out.println("weight gradient checksum " + s); // keeps the results live
    }
}
