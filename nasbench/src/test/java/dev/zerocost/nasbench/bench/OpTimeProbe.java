package dev.zerocost.nasbench.bench;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;
import dev.zerocost.engine.cpu.CpuBackend;
import dev.zerocost.nasbench.scoring.ScoredCellNetwork;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyRunner;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a test: where one proxy's time goes, per backend call. Makes a timing subclass of the
 * {@code cpu} backend the current one, runs the proxy on a full-size NB-201 arch (two Gaussian batches of 64,
 * {@link RandomBatch}) for the given cycles, and prints per call kind (method and geometry or
 * element count) the milliseconds per cycle over the second half of the cycles, largest first,
 * with the wall time per cycle. Per kind it reports calls per cycle times the median call, so a
 * collector pause or a slow moment of the host inside one call does not count. The wall time
 * includes the probe's own overhead (zen's read about twice its plain time; not investigated):
 * compare the per-call medians, and time whole passes with ProxySwitchProbe or WinogradPassProbe.
 * The peer on PyTorch's side is tools/bench/torch_ops.py. Arguments: proxy, arch index, cycles.
 */
public final class OpTimeProbe {
    private OpTimeProbe() {
    }

    public static void main(String[] args) {
        Proxy proxy = ProxyRegistry.get(args[0]);
        int index = Integer.parseInt(args[1]);
        int cycles = Integer.parseInt(args[2]);
        TimedBackend timed = new TimedBackend();
        Backends.use(timed);
        List<Batch> batches = RandomBatch.batches(2, 64);
        ScoredCellNetwork net = ScoredCellNetwork.build("nb201", Nb201Index.arch(index), 16, 5, 10, 0, 32);
        long wall = 0;
        int measured = 0;
        for (int c = 0; c < cycles; c++) {
            timed.on = c >= cycles / 2;
            long t0 = System.nanoTime();
            ProxyRunner.runOne(net, batches, proxy);
            if (timed.on) {
                wall += System.nanoTime() - t0;
                measured++;
            }
        }
        // per kind: calls per cycle times the median call, so that a collector pause or a slow
        // moment of the host inside one call does not count as that kind's cost
        Map<String, double[]> kinds = new TreeMap<>();
        double total = 0;
        double sum = 0;
        for (Map.Entry<String, List<Long>> e : timed.times.entrySet()) {
            long[] t = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            double calls = (double) t.length / measured;
            double median = t[t.length / 2] / 1e6;
            kinds.put(e.getKey(), new double[] {calls * median, calls, median, t[t.length / 4] / 1e6, t[3 * t.length / 4] / 1e6});
            total += calls * median;
            sum += java.util.Arrays.stream(t).sum() / 1e6 / measured;
        }
        System.out.printf("arch %d %s: wall %.1f ms per cycle, backend calls %.1f ms (%.1f ms at each kind's median)%n",
                index, proxy.name(), wall / 1e6 / measured, sum, total);
        Map<String, Double> groups = new TreeMap<>();
        kinds.forEach((k, v) -> groups.merge(group(k), v[0], Double::sum));
        groups.forEach((k, v) -> System.out.printf("  %-28s %7.1f ms%n", k, v));
        kinds.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0])).limit(40)
                .forEach(e -> System.out.printf("%8.2f ms %6.1f calls x %.3f ms (quartiles %.3f-%.3f)  %s%n", e.getValue()[0],
                        e.getValue()[1], e.getValue()[2], e.getValue()[3], e.getValue()[4], e.getKey()));
    }

    private static String group(String key) {
        String method = key.substring(0, key.indexOf(' '));
        if (method.startsWith("conv2d")) {
            return (key.contains("kh=3") && key.contains("stride=1") ? "3x3 " : key.contains("kh=1") ? "1x1 " : "stride-2 ") + method;
        }
        return method.startsWith("channel") ? "batch norm" : method.startsWith("avgPool") ? "pooling" : method;
    }

    /** The CPU backend with every kernel call timed, keyed by method and shape. */
    private static final class TimedBackend extends CpuBackend {
        final Map<String, List<Long>> times = new TreeMap<>();
        boolean on;

        private void time(String key, Runnable call) {
            long t0 = System.nanoTime();
            call.run();
            if (on) {
                times.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(System.nanoTime() - t0);
            }
        }

        @Override
        public void fill(Buffer out, double value) {
            time("fill n=" + out.size(), () -> super.fill(out, value));
        }

        @Override
        public void cast(Buffer x, Buffer out) {
            time("cast n=" + x.size(), () -> super.cast(x, out));
        }

        @Override
        public void matmul(Buffer a, Buffer b, Buffer out, int batch, int m, int n, int k, boolean ta, boolean tb) {
            time("matmul " + batch + "x" + m + "x" + n + "x" + k, () -> super.matmul(a, b, out, batch, m, n, k, ta, tb));
        }

        @Override
        public void conv2d(Buffer x, Buffer w, Buffer out, Geometry.Conv2d g) {
            time("conv2d " + g, () -> super.conv2d(x, w, out, g));
        }

        @Override
        public void conv2dInputGrad(Buffer gy, Buffer w, Buffer gx, Geometry.Conv2d g) {
            time("conv2dInputGrad " + g, () -> super.conv2dInputGrad(gy, w, gx, g));
        }

        @Override
        public void conv2dWeightGrad(Buffer x, Buffer gy, Buffer gw, Geometry.Conv2d g) {
            time("conv2dWeightGrad " + g, () -> super.conv2dWeightGrad(x, gy, gw, g));
        }

        @Override
        public void unary(UnaryOp op, double scalar, Buffer x, Buffer out) {
            time("unary " + op + " n=" + x.size(), () -> super.unary(op, scalar, x, out));
        }

        @Override
        public void binary(BinaryOp op, Buffer a, Buffer b, Buffer out, Broadcast bc) {
            time("binary " + op + " n=" + out.size(), () -> super.binary(op, a, b, out, bc));
        }

        @Override
        public void reduce(ReduceOp op, Buffer x, int[] shape, boolean[] reduced, Buffer out) {
            time("reduce " + op + " n=" + x.size(), () -> super.reduce(op, x, shape, reduced, out));
        }

        @Override
        public void where(Buffer cond, Buffer a, Buffer b, Buffer out, Broadcast bc) {
            time("where n=" + out.size(), () -> super.where(cond, a, b, out, bc));
        }

        @Override
        public void avgPool2d(Buffer x, Buffer out, Geometry.Pool2d g, boolean pad) {
            time("avgPool2d " + g, () -> super.avgPool2d(x, out, g, pad));
        }

        @Override
        public void avgPool2dAdjoint(Buffer gy, Buffer gx, Geometry.Pool2d g, boolean pad) {
            time("avgPool2dAdjoint " + g, () -> super.avgPool2dAdjoint(gy, gx, g, pad));
        }

        @Override
        public void copyStrided(Buffer x, long offset, int[] shape, long[] strides, Buffer out, long outOffset) {
            time("copyStrided n=" + x.size(), () -> super.copyStrided(x, offset, shape, strides, out, outOffset));
        }

        @Override
        public void channelSum(Buffer x, Buffer out, int n, int c, int plane) {
            time("channelSum " + n + "x" + c + "x" + plane, () -> super.channelSum(x, out, n, c, plane));
        }

        @Override
        public void channelCentredDot(Buffer x, Buffer mean, Buffer y, Buffer out, int n, int c, int plane) {
            time("channelCentredDot " + n + "x" + c + "x" + plane + (y == null ? " square" : ""),
                    () -> super.channelCentredDot(x, mean, y, out, n, c, plane));
        }

        @Override
        public void channelSumAndCentredDot(Buffer x, Buffer mean, Buffer y, Buffer sumOut, Buffer dotOut,
                                            int n, int c, int plane) {
            time("channelSumAndCentredDot " + n + "x" + c + "x" + plane,
                    () -> super.channelSumAndCentredDot(x, mean, y, sumOut, dotOut, n, c, plane));
        }

        @Override
        public void channelNormalize(Buffer x, Buffer mean, Buffer scale, Buffer shift, Buffer out, int n, int c, int plane) {
            time("channelNormalize " + n + "x" + c + "x" + plane,
                    () -> super.channelNormalize(x, mean, scale, shift, out, n, c, plane));
        }

        @Override
        public void channelNormalizeGrad(Buffer x, Buffer mean, Buffer gy, Buffer gyMean, Buffer k, Buffer scale,
                                         Buffer out, int n, int c, int plane) {
            time("channelNormalizeGrad " + n + "x" + c + "x" + plane,
                    () -> super.channelNormalizeGrad(x, mean, gy, gyMean, k, scale, out, n, c, plane));
        }

        @Override
        public void reluGrad(Buffer x, Buffer g, Buffer out) {
            time("reluGrad n=" + x.size(), () -> super.reluGrad(x, g, out));
        }
    }
}
