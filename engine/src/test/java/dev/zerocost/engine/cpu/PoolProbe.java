package dev.zerocost.engine.cpu;

import dev.zerocost.engine.backend.Geometry;
import java.util.Arrays;

/**
 * Times NB-201's average pooling (3x3, stride 1, padding 1, count_include_pad false) and its
 * adjoint at the three stages' shapes, median of the last 200 of 300 calls. Not a test; see
 * docs/PERFORMANCE.md, session 21: {@code java --add-modules jdk.incubator.vector -cp
 * engine/target/test-classes:engine/target/classes dev.zerocost.engine.cpu.PoolProbe}.
 */
public final class PoolProbe {
    private PoolProbe() {
    }

    public static void main(String[] a) {
        for (int[] s : new int[][] {{64, 16, 32}, {64, 32, 16}, {64, 64, 8}}) {
            Geometry.Pool2d g = Geometry.Pool2d.of(s[0] * s[1], s[2], s[2], 3, 1, 1);
            float[] x = new float[s[0] * s[1] * s[2] * s[2]];
            for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
            float[] y = new float[x.length], gx = new float[x.length];
            double[] tf = new double[300], tb = new double[300];
            for (int r = 0; r < 300; r++) {
                long t0 = System.nanoTime();
                CpuPool.avgPool2d(x, y, g, false);
                long t1 = System.nanoTime();
                CpuPool.avgPool2dAdjoint(y, gx, g, false);
                tb[r] = (System.nanoTime() - t1) / 1e6;
                tf[r] = (t1 - t0) / 1e6;
            }
            Arrays.sort(tf, 100, 300); Arrays.sort(tb, 100, 300);
            System.out.printf("[N, C, H] %s  forward %.3f ms  adjoint %.3f ms  (%.1f MB per tensor)%n", Arrays.toString(s), tf[200], tb[200], x.length * 4 / 1e6);
        }
    }
}
