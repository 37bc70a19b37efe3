package dev.zerocost.engine.cpu;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.backend.PerSampleSink;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;

/**
 * The CPU backend used by default: the reference kernels with the hot primitives (GEMM,
 * float32 convolution, elementwise arithmetic) replaced by blocked, multi-threaded loops on
 * primitive arrays. Everything not overridden here runs the reference implementation.
 */
public class CpuBackend extends CpuReferenceBackend {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "CPU, " + CpuThreads.count() + " threads, " + CpuKernels.describe();
    }

    private static boolean f32(Buffer b) {
        return b.dtype() == DType.FLOAT32;
    }

    private static boolean f64(Buffer a, Buffer b) {
        return a.dtype() == DType.FLOAT64 && b.dtype() == DType.FLOAT64;
    }

    @Override
    public void fill(Buffer out, double value) {
        Object o = cpu(out).array();
        if (o instanceof float[] f) {
            java.util.Arrays.fill(f, (float) value);
        } else if (o instanceof double[] d) {
            java.util.Arrays.fill(d, value);
        } else {
            super.fill(out, value);
            return;
        }
        counters().record(0, out.bytes());
    }

    /** float32 to float64 and back (synflow's network moves to float64): plain loops, the reference's rounding. */
    @Override
    public void cast(Buffer x, Buffer out) {
        Object a = cpu(x).array();
        Object o = cpu(out).array();
        if (a instanceof float[] f && o instanceof double[] d) {
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
        } else if (a instanceof double[] d && o instanceof float[] f) {
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
        } else {
            super.cast(x, out);
            return;
        }
        counters().record(0, x.bytes() + out.bytes());
    }

    @Override
    public void matmul(Buffer a, Buffer b, Buffer out, int batch, int m, int n, int k, boolean transA, boolean transB) {
        if (!a.dtype().isFloating()) {
            super.matmul(a, b, out, batch, m, n, k, transA, transB);
            return;
        }
        if (f32(a)) {
            float[] x = cpu(a).f32();
            float[] y = cpu(b).f32();
            float[] o = cpu(out).f32();
            for (int p = 0; p < batch; p++) {
                float[] am = x;
                int aOff = p * m * k;
                if (transA) {
                    am = new float[m * k];
                    CpuGemm.transpose(x, aOff, am, 0, k, m);
                    aOff = 0;
                }
                float[] bm = y;
                int bOff = p * k * n;
                if (transB) {
                    bm = new float[k * n];
                    CpuGemm.transpose(y, bOff, bm, 0, n, k);
                    bOff = 0;
                }
                float[] fa = am;
                float[] fb = bm;
                int fao = aOff;
                int fbo = bOff;
                int oOff = p * m * n;
                int blocks = CpuThreads.chunks(m / 16);
                CpuThreads.parallelFor(blocks, t ->
                        CpuKernels.gemm(fa, fao, fb, fbo, o, oOff, m, n, k, false, t * m / blocks, (t + 1) * m / blocks));
            }
        } else {
            double[] x = cpu(a).f64();
            double[] y = cpu(b).f64();
            double[] o = cpu(out).f64();
            for (int p = 0; p < batch; p++) {
                double[] am = x;
                int aOff = p * m * k;
                if (transA) {
                    am = new double[m * k];
                    CpuGemm.transpose(x, aOff, am, 0, k, m);
                    aOff = 0;
                }
                double[] bm = y;
                int bOff = p * k * n;
                if (transB) {
                    bm = new double[k * n];
                    CpuGemm.transpose(y, bOff, bm, 0, n, k);
                    bOff = 0;
                }
                CpuKernels.gemm(am, aOff, bm, bOff, o, p * m * n, m, n, k, false, 0, m);
            }
        }
        counters().record(2L * batch * m * n * k, a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void conv2d(Buffer x, Buffer weight, Buffer out, Geometry.Conv2d g) {
        if (f32(x)) {
            CpuConv.forward(cpu(x).f32(), cpu(weight).f32(), cpu(out).f32(), g);
        } else { // the conv op admits only floating dtypes
            CpuConv64.forward(cpu(x).f64(), cpu(weight).f64(), cpu(out).f64(), g);
        }
        counters().record(g.flops(), x.bytes() + weight.bytes() + out.bytes());
    }

    @Override
    public void conv2dInputGrad(Buffer gy, Buffer weight, Buffer gx, Geometry.Conv2d g) {
        if (f32(gy)) {
            CpuConv.inputGrad(cpu(gy).f32(), cpu(weight).f32(), cpu(gx).f32(), g);
        } else { // the conv op admits only floating dtypes
            CpuConv64.inputGrad(cpu(gy).f64(), cpu(weight).f64(), cpu(gx).f64(), g);
        }
        counters().record(g.flops(), gy.bytes() + weight.bytes() + gx.bytes());
    }

    @Override
    public void conv2dWeightGrad(Buffer x, Buffer gy, Buffer gw, Geometry.Conv2d g) {
        if (f32(x)) {
            CpuConv.weightGrad(cpu(x).f32(), cpu(gy).f32(), cpu(gw).f32(), g);
        } else { // the conv op admits only floating dtypes
            CpuConv64.weightGrad(cpu(x).f64(), cpu(gy).f64(), cpu(gw).f64(), g);
        }
        counters().record(g.flops(), x.bytes() + gy.bytes() + gw.bytes());
    }

    @Override
    public void conv2dWeightGradPerSample(Buffer x, Buffer gy, Geometry.Conv2d g, PerSampleSink sink) {
        if (!f32(x)) {
            super.conv2dWeightGradPerSample(x, gy, g, sink);
            return;
        }
        CpuConv.weightGradPerSample(cpu(x).f32(), cpu(gy).f32(), g, sink);
        counters().record(g.flops(), x.bytes() + gy.bytes());
    }

    @Override
    public void unary(UnaryOp op, double scalar, Buffer x, Buffer out) {
        if (f64(x, out)) {
            CpuElementwise64.unary(op, scalar, cpu(x).f64(), cpu(out).f64());
            counters().record(x.size(), x.bytes() + out.bytes());
            return;
        }
        if (!f32(x)) {
            super.unary(op, scalar, x, out);
            return;
        }
        float[] a = cpu(x).f32();
        float[] o = cpu(out).f32();
        float s = (float) scalar;
        int n = a.length;
        CpuElementwise.forChunks(n, (lo, hi) -> CpuElementwise.unary(op, s, a, o, lo, hi));
        counters().record(n, x.bytes() + out.bytes());
    }

    @Override
    public void binary(BinaryOp op, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        if (f64(a, b) && f64(a, out)) {
            CpuElementwise64.binary(op, cpu(a).f64(), cpu(b).f64(), cpu(out).f64(), bc);
            counters().record(out.size(), a.bytes() + b.bytes() + out.bytes());
            return;
        }
        if (!f32(a)) {
            super.binary(op, a, b, out, bc);
            return;
        }
        CpuElementwise.binary(op, cpu(a).f32(), cpu(b).f32(), cpu(out).f32(), bc);
        counters().record(out.size(), a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void reduce(ReduceOp op, Buffer x, int[] shape, boolean[] reduced, Buffer out) {
        if (f64(x, out) && out.size() == 1) {
            // a float64 tensor to one number (synflow's per-layer sums): the reference's single pass
            // in memory order, without its per-element index arithmetic
            cpu(out).f64()[0] = reduceAll(op, cpu(x).f64());
            counters().record(x.size(), x.bytes() + out.bytes());
            return;
        }
        if (!f32(x) || !CpuReduce.reduce(op, cpu(x).f32(), shape, reduced, cpu(out).f32())) {
            super.reduce(op, x, shape, reduced, out);
            return;
        }
        counters().record(x.size(), x.bytes() + out.bytes());
    }

    /** Sum or max (NaN wins and stays, as in torch.amax) of every element, in memory order. */
    private static double reduceAll(ReduceOp op, double[] a) {
        if (op == ReduceOp.SUM) {
            double sum = 0.0;
            for (double v : a) {
                sum += v;
            }
            return sum;
        }
        double acc = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            if (acc == acc && (v > acc || v != v)) {
                acc = v;
            }
        }
        return acc;
    }

    @Override
    public void where(Buffer cond, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        long n = out.size();
        boolean flat = (cond.size() == n || cond.size() == 1) && (a.size() == n || a.size() == 1) && (b.size() == n || b.size() == 1);
        if (flat && f64(cond, a) && f64(b, out)) {
            CpuElementwise64.where(cpu(cond).f64(), cpu(a).f64(), cpu(b).f64(), cpu(out).f64());
        } else if (flat && f32(cond) && f32(a) && f32(b)) {
            CpuElementwise.where(cpu(cond).f32(), cpu(a).f32(), cpu(b).f32(), cpu(out).f32());
        } else {
            super.where(cond, a, b, out, bc);
            return;
        }
        counters().record(n, cond.bytes() + a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void avgPool2d(Buffer x, Buffer out, Geometry.Pool2d g, boolean countIncludePad) {
        if (!f32(x)) {
            super.avgPool2d(x, out, g, countIncludePad);
            return;
        }
        CpuPool.avgPool2d(cpu(x).f32(), cpu(out).f32(), g, countIncludePad);
        counters().record(x.size() * g.kernel() * g.kernel() / Math.max(1, g.stride() * g.stride()), x.bytes() + out.bytes());
    }

    @Override
    public void avgPool2dAdjoint(Buffer gy, Buffer gx, Geometry.Pool2d g, boolean countIncludePad) {
        if (!f32(gy)) {
            super.avgPool2dAdjoint(gy, gx, g, countIncludePad);
            return;
        }
        CpuPool.avgPool2dAdjoint(cpu(gy).f32(), cpu(gx).f32(), g, countIncludePad);
        counters().record(gx.size(), gy.bytes() + gx.bytes());
    }

    /**
     * The reference's strided copy, one innermost run at a time (an array copy for stride 1, a plain
     * loop for any other stride, such as expand's 0) instead of an odometer step per element.
     */
    @Override
    public void copyStrided(Buffer x, long offset, int[] shape, long[] strides, Buffer out, long outOffset) {
        long n = dev.zerocost.engine.Shapes.size(shape);
        boolean floating = x.dtype() == out.dtype() && (f32(x) || x.dtype() == DType.FLOAT64);
        if (!floating || shape.length == 0 || n == 0) {
            super.copyStrided(x, offset, shape, strides, out, outOffset);
            return;
        }
        int r = shape.length;
        int inner = shape[r - 1];
        long step = strides[r - 1];
        Odometer rows = new Odometer(java.util.Arrays.copyOf(shape, r - 1), java.util.Arrays.copyOf(strides, r - 1), null, null);
        Object src = f32(x) ? cpu(x).f32() : cpu(x).f64();
        Object dst = f32(x) ? cpu(out).f32() : cpu(out).f64();
        for (long o = outOffset; o < outOffset + n; o += inner, rows.next()) {
            int from = (int) (offset + rows.a);
            if (step == 1) {
                System.arraycopy(src, from, dst, (int) o, inner);
            } else if (src instanceof float[] a) {
                float[] d = (float[]) dst;
                for (int j = 0; j < inner; j++) {
                    d[(int) o + j] = a[from + (int) (j * step)];
                }
            } else {
                double[] a = (double[]) src;
                double[] d = (double[]) dst;
                for (int j = 0; j < inner; j++) {
                    d[(int) o + j] = a[from + (int) (j * step)];
                }
            }
        }
        counters().record(0, 2 * n * out.dtype().byteSize());
    }

    @Override
    public void channelSum(Buffer x, Buffer out, int n, int c, int plane) {
        if (!f32(x) || !CpuKernels.VECTOR) {
            super.channelSum(x, out, n, c, plane);
            return;
        }
        VectorChannelSums.sum(cpu(x).f32(), cpu(out).f32(), n, c, plane);
        counters().record(x.size(), x.bytes());
    }

    @Override
    public void channelCentredDot(Buffer x, Buffer mean, Buffer y, Buffer out, int n, int c, int plane) {
        if (!f32(x)) {
            super.channelCentredDot(x, mean, y, out, n, c, plane);
            return;
        }
        CpuBatchNorm.centredDot(cpu(x).f32(), cpu(mean).f32(), y == null ? null : cpu(y).f32(), cpu(out).f32(), n, c, plane);
        counters().record(3L * x.size(), x.bytes() * (y == null ? 1 : 2));
    }

    @Override
    public void channelSumAndCentredDot(Buffer x, Buffer mean, Buffer y, Buffer sumOut, Buffer dotOut,
                                        int n, int c, int plane) {
        if (!f32(x) || !CpuKernels.VECTOR) {
            super.channelSumAndCentredDot(x, mean, y, sumOut, dotOut, n, c, plane);
            return;
        }
        VectorChannelSums.sumAndCentredDot(cpu(x).f32(), cpu(mean).f32(), cpu(y).f32(), cpu(sumOut).f32(),
                cpu(dotOut).f32(), n, c, plane);
        counters().record(4L * x.size(), 2 * x.bytes());
    }

    @Override
    public void channelNormalize(Buffer x, Buffer mean, Buffer scale, Buffer shift, Buffer out, int n, int c, int plane) {
        if (!f32(x)) {
            super.channelNormalize(x, mean, scale, shift, out, n, c, plane);
            return;
        }
        CpuBatchNorm.normalize(cpu(x).f32(), cpu(mean).f32(), cpu(scale).f32(), shift == null ? null : cpu(shift).f32(),
                cpu(out).f32(), n, c, plane);
        counters().record(3L * x.size(), x.bytes() + out.bytes());
    }

    @Override
    public void channelNormalizeGrad(Buffer x, Buffer mean, Buffer gy, Buffer gyMean, Buffer k, Buffer scale,
                                     Buffer out, int n, int c, int plane) {
        if (!f32(x)) {
            super.channelNormalizeGrad(x, mean, gy, gyMean, k, scale, out, n, c, plane);
            return;
        }
        CpuBatchNorm.normalizeGrad(cpu(x).f32(), cpu(mean).f32(), cpu(gy).f32(), cpu(gyMean).f32(), cpu(k).f32(),
                cpu(scale).f32(), cpu(out).f32(), n, c, plane);
        counters().record(5L * x.size(), x.bytes() + gy.bytes() + out.bytes());
    }

    @Override
    public void reluGrad(Buffer x, Buffer g, Buffer out) {
        if (f64(x, g) && f64(x, out)) {
            CpuElementwise64.reluGrad(cpu(x).f64(), cpu(g).f64(), cpu(out).f64());
            counters().record(x.size(), x.bytes() + g.bytes() + out.bytes());
            return;
        }
        if (!f32(x)) {
            super.reluGrad(x, g, out);
            return;
        }
        float[] a = cpu(x).f32();
        float[] d = cpu(g).f32();
        float[] o = cpu(out).f32();
        CpuElementwise.forChunks(a.length, (lo, hi) -> {
            if (CpuKernels.VECTOR) {
                VectorElementwise.reluGrad(a, d, o, lo, hi);
            } else {
                for (int i = lo; i < hi; i++) {
                    o[i] = a[i] > 0 ? d[i] : 0f;
                }
            }
        });
        counters().record(a.length, x.bytes() + g.bytes() + out.bytes());
    }
}
