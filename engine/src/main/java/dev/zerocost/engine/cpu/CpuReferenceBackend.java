package dev.zerocost.engine.cpu;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Shapes;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BinaryOp;
import dev.zerocost.engine.backend.Broadcast;
import dev.zerocost.engine.backend.Buffer;
import dev.zerocost.engine.backend.Counters;
import dev.zerocost.engine.backend.Geometry;
import dev.zerocost.engine.backend.PerSampleSink;
import dev.zerocost.engine.backend.ReduceOp;
import dev.zerocost.engine.backend.UnaryOp;
import dev.zerocost.engine.io.NdArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The specification of every primitive: plain single-threaded scalar loops that compute in
 * double precision and round once on store. Slow and obvious on purpose; the conformance suite
 * checks faster backends against it. {@link CpuBackend} overrides the hot primitives.
 */
public class CpuReferenceBackend implements Backend {
    final AtomicLong live = new AtomicLong();
    final ArrayPool pool = new ArrayPool();
    private final Counters counters = new Counters();

    @Override
    public String name() {
        return "cpu-reference";
    }

    @Override
    public String device() {
        return "CPU, scalar reference kernels, 1 thread";
    }

    @Override
    public long liveBytes() {
        return live.get();
    }

    @Override
    public Counters counters() {
        return counters;
    }

    protected static CpuBuffer cpu(Buffer b) {
        return (CpuBuffer) b;
    }

    @Override
    public Buffer allocate(DType dtype, long size) {
        return allocate(dtype, size, true);
    }

    /** A reused array is not zeroed here (a fresh one is zero anyway). */
    @Override
    public Buffer allocateForOverwrite(DType dtype, long size) {
        return allocate(dtype, size, false);
    }

    private Buffer allocate(DType dtype, long size, boolean zeroed) {
        Object array = size <= Integer.MAX_VALUE - 8 && dtype != DType.UINT8 ? pool.take(dtype, (int) size, zeroed) : null;
        if (array == null) {
            try {
                array = CpuBuffer.newArray(dtype, size);
            } catch (OutOfMemoryError e) {
                if (pool.clear() == 0) {
                    throw e;
                }
                array = CpuBuffer.newArray(dtype, size); // the pooled arrays were in the way
            }
        }
        return new CpuBuffer(this, dtype, array, size);
    }

    /** Bytes of released arrays kept for reuse (not counted as live). */
    public long pooledBytes() {
        return pool.pooledBytes();
    }

    @Override
    public Buffer upload(NdArray array) {
        Object data = switch (array.dtype()) {
            case FLOAT32 -> ((float[]) array.data()).clone();
            case FLOAT64 -> ((double[]) array.data()).clone();
            case INT64 -> ((long[]) array.data()).clone();
            case UINT8 -> throw new IllegalArgumentException("uint8 arrays cannot be uploaded; convert " + array + " to float32");
        };
        return new CpuBuffer(this, array.dtype(), data, array.size());
    }

    @Override
    public NdArray download(Buffer buffer, int[] shape) {
        Object a = cpu(buffer).array();
        Object copy = switch (buffer.dtype()) {
            case FLOAT32 -> ((float[]) a).clone();
            case FLOAT64 -> ((double[]) a).clone();
            case INT64 -> ((long[]) a).clone();
            case UINT8 -> throw new IllegalStateException("no uint8 buffers on the CPU backend");
        };
        return new NdArray(buffer.dtype(), shape, copy);
    }

    @Override
    public void fill(Buffer out, double value) {
        CpuBuffer o = cpu(out);
        for (long i = 0; i < o.size(); i++) {
            o.set(i, value);
        }
        counters.record(0, out.bytes());
    }

    @Override
    public void cast(Buffer x, Buffer out) {
        CpuBuffer a = cpu(x);
        CpuBuffer o = cpu(out);
        for (long i = 0; i < a.size(); i++) {
            o.set(i, a.get(i));
        }
        counters.record(0, x.bytes() + out.bytes());
    }

    /** The scalar meaning of each unary primitive. */
    public static double apply(UnaryOp op, double x, double s) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RELU -> x > 0 ? x : (x != x ? x : 0.0);
            case STEP -> x > 0 ? 1.0 : 0.0;
            case SIGN -> x > 0 ? 1.0 : x < 0 ? -1.0 : (x != x ? x : 0.0);
            case ADD_SCALAR -> x + s;
            case MUL_SCALAR -> x * s;
            case POW_SCALAR -> Math.pow(x, s);
            case IS_NAN -> x != x ? 1.0 : 0.0;
        };
    }

    /** The scalar meaning of each binary primitive. */
    public static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> (a != a || b != b) ? Double.NaN : Math.max(a, b);
            case MIN -> (a != a || b != b) ? Double.NaN : Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
        };
    }

    @Override
    public void unary(UnaryOp op, double scalar, Buffer x, Buffer out) {
        CpuBuffer a = cpu(x);
        CpuBuffer o = cpu(out);
        boolean f32 = x.dtype() == DType.FLOAT32;
        for (long i = 0; i < a.size(); i++) {
            double v = a.get(i);
            // float32 ops with a scalar round the scalar first, as PyTorch does for float tensors
            double s = f32 ? (float) scalar : scalar;
            o.set(i, apply(op, v, s));
        }
        counters.record(x.size(), x.bytes() + out.bytes());
    }

    @Override
    public void binary(BinaryOp op, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        CpuBuffer o = cpu(out);
        Odometer it = new Odometer(bc.shape(), bc.aStrides(), bc.bStrides(), null);
        for (long i = 0; i < o.size(); i++) {
            o.set(i, apply(op, x.get(it.a), y.get(it.b)));
            it.next();
        }
        counters.record(o.size(), a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void where(Buffer cond, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        CpuBuffer c = cpu(cond);
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        CpuBuffer o = cpu(out);
        Odometer it = new Odometer(bc.shape(), bc.aStrides(), bc.bStrides(), bc.cStrides());
        for (long i = 0; i < o.size(); i++) {
            o.set(i, c.get(it.a) != 0 ? x.get(it.b) : y.get(it.c));
            it.next();
        }
        counters.record(o.size(), cond.bytes() + a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void reduce(ReduceOp op, Buffer x, int[] shape, boolean[] reduced, Buffer out) {
        CpuBuffer a = cpu(x);
        CpuBuffer o = cpu(out);
        double[] acc = new double[(int) o.size()];
        java.util.Arrays.fill(acc, op == ReduceOp.SUM ? 0.0 : Double.NEGATIVE_INFINITY);
        // stride of each input axis in the output (0 on reduced axes)
        long[] outStrides = new long[shape.length];
        long stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (!reduced[i]) {
                outStrides[i] = stride;
                stride *= shape[i];
            }
        }
        Odometer it = new Odometer(shape, outStrides, null, null);
        for (long i = 0; i < a.size(); i++) {
            double v = a.get(i);
            int k = (int) it.a;
            if (op == ReduceOp.SUM) {
                acc[k] += v;
            } else if (acc[k] == acc[k] && (v > acc[k] || v != v)) {
                acc[k] = v; // NaN wins and stays, as in torch.amax
            }
            it.next();
        }
        for (int k = 0; k < acc.length; k++) {
            o.set(k, acc[k]);
        }
        counters.record(a.size(), x.bytes() + out.bytes());
    }

    @Override
    public void copyStrided(Buffer x, long offset, int[] shape, long[] strides, Buffer out, long outOffset) {
        CpuBuffer a = cpu(x);
        CpuBuffer o = cpu(out);
        long n = Shapes.size(shape);
        Odometer it = new Odometer(shape, strides, null, null);
        for (long i = 0; i < n; i++) {
            o.set(outOffset + i, a.get(offset + it.a));
            it.next();
        }
        counters.record(0, 2 * n * out.dtype().byteSize());
    }

    @Override
    public void matmul(Buffer a, Buffer b, Buffer out, int batch, int m, int n, int k, boolean transA, boolean transB) {
        CpuBuffer x = cpu(a);
        CpuBuffer y = cpu(b);
        CpuBuffer o = cpu(out);
        for (int p = 0; p < batch; p++) {
            long ab = (long) p * m * k;
            long bb = (long) p * k * n;
            long ob = (long) p * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        double av = x.get(ab + (transA ? (long) q * m + i : (long) i * k + q));
                        double bv = y.get(bb + (transB ? (long) j * k + q : (long) q * n + j));
                        s += av * bv;
                    }
                    o.set(ob + (long) i * n + j, s);
                }
            }
        }
        counters.record(2L * batch * m * n * k, a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void conv2d(Buffer x, Buffer weight, Buffer out, Geometry.Conv2d g) {
        CpuBuffer in = cpu(x);
        CpuBuffer w = cpu(weight);
        CpuBuffer o = cpu(out);
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                for (int oh = 0; oh < g.hOut(); oh++) {
                    for (int ow = 0; ow < g.wOut(); ow++) {
                        double s = 0;
                        for (int ci = 0; ci < g.cin(); ci++) {
                            for (int kh = 0; kh < g.kh(); kh++) {
                                int ih = oh * g.stride() - g.padding() + kh;
                                if (ih < 0 || ih >= g.h()) {
                                    continue;
                                }
                                for (int kw = 0; kw < g.kw(); kw++) {
                                    int iw = ow * g.stride() - g.padding() + kw;
                                    if (iw < 0 || iw >= g.w()) {
                                        continue;
                                    }
                                    s += in.get(((long) (n * g.cin() + ci) * g.h() + ih) * g.w() + iw)
                                            * w.get(((long) (co * g.cin() + ci) * g.kh() + kh) * g.kw() + kw);
                                }
                            }
                        }
                        o.set(((long) (n * g.cout() + co) * g.hOut() + oh) * g.wOut() + ow, s);
                    }
                }
            }
        }
        counters.record(g.flops(), x.bytes() + weight.bytes() + out.bytes());
    }

    @Override
    public void conv2dInputGrad(Buffer gy, Buffer weight, Buffer gx, Geometry.Conv2d g) {
        CpuBuffer dy = cpu(gy);
        CpuBuffer w = cpu(weight);
        CpuBuffer dx = cpu(gx);
        double[] acc = new double[(int) dx.size()];
        for (int n = 0; n < g.n(); n++) {
            for (int co = 0; co < g.cout(); co++) {
                for (int oh = 0; oh < g.hOut(); oh++) {
                    for (int ow = 0; ow < g.wOut(); ow++) {
                        double d = dy.get(((long) (n * g.cout() + co) * g.hOut() + oh) * g.wOut() + ow);
                        int s = n;
                        int c = co;
                        forEachTap(g, oh, ow, (ci, kh, kw, ih, iw) ->
                                acc[((s * g.cin() + ci) * g.h() + ih) * g.w() + iw] +=
                                        d * w.get(((long) (c * g.cin() + ci) * g.kh() + kh) * g.kw() + kw));
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            dx.set(i, acc[i]);
        }
        counters.record(g.flops(), gy.bytes() + weight.bytes() + gx.bytes());
    }

    @Override
    public void conv2dWeightGrad(Buffer x, Buffer gy, Buffer gw, Geometry.Conv2d g) {
        double[] acc = new double[(int) gw.size()];
        for (int n = 0; n < g.n(); n++) {
            accumulateWeightGrad(cpu(x), cpu(gy), g, n, acc);
        }
        CpuBuffer dw = cpu(gw);
        for (int i = 0; i < acc.length; i++) {
            dw.set(i, acc[i]);
        }
        counters.record(g.flops(), x.bytes() + gy.bytes() + gw.bytes());
    }

    @Override
    public void conv2dWeightGradPerSample(Buffer x, Buffer gy, Geometry.Conv2d g, PerSampleSink sink) {
        double[] acc = new double[g.cout() * g.cin() * g.kh() * g.kw()];
        for (int n = 0; n < g.n(); n++) {
            java.util.Arrays.fill(acc, 0.0);
            accumulateWeightGrad(cpu(x), cpu(gy), g, n, acc);
            if (x.dtype() == DType.FLOAT32) {
                for (int i = 0; i < acc.length; i++) {
                    acc[i] = (float) acc[i];
                }
            }
            sink.accept(n, acc);
        }
        counters.record(g.flops(), x.bytes() + gy.bytes());
    }

    private void accumulateWeightGrad(CpuBuffer in, CpuBuffer dy, Geometry.Conv2d g, int n, double[] acc) {
        for (int co = 0; co < g.cout(); co++) {
            for (int oh = 0; oh < g.hOut(); oh++) {
                for (int ow = 0; ow < g.wOut(); ow++) {
                    double d = dy.get(((long) (n * g.cout() + co) * g.hOut() + oh) * g.wOut() + ow);
                    int c = co;
                    forEachTap(g, oh, ow, (ci, kh, kw, ih, iw) ->
                            acc[((c * g.cin() + ci) * g.kh() + kh) * g.kw() + kw] +=
                                    d * in.get(((long) (n * g.cin() + ci) * g.h() + ih) * g.w() + iw));
                }
            }
        }
    }

    private interface Tap {
        void at(int ci, int kh, int kw, int ih, int iw);
    }

    private static void forEachTap(Geometry.Conv2d g, int oh, int ow, Tap tap) {
        for (int ci = 0; ci < g.cin(); ci++) {
            for (int kh = 0; kh < g.kh(); kh++) {
                int ih = oh * g.stride() - g.padding() + kh;
                if (ih < 0 || ih >= g.h()) {
                    continue;
                }
                for (int kw = 0; kw < g.kw(); kw++) {
                    int iw = ow * g.stride() - g.padding() + kw;
                    if (iw >= 0 && iw < g.w()) {
                        tap.at(ci, kh, kw, ih, iw);
                    }
                }
            }
        }
    }

    /** Number of window positions that a pooling divisor counts. */
    static int poolDivisor(Geometry.Pool2d g, int oh, int ow, boolean countIncludePad) {
        int h0 = oh * g.stride() - g.padding();
        int w0 = ow * g.stride() - g.padding();
        if (countIncludePad) {
            int h1 = Math.min(h0 + g.kernel(), g.h() + g.padding());
            int w1 = Math.min(w0 + g.kernel(), g.w() + g.padding());
            return (h1 - h0) * (w1 - w0);
        }
        int h1 = Math.min(h0 + g.kernel(), g.h());
        int w1 = Math.min(w0 + g.kernel(), g.w());
        return (h1 - Math.max(h0, 0)) * (w1 - Math.max(w0, 0));
    }

    /**
     * Average pooling's arithmetic is PyTorch 1.13's CPU kernel's: a float32 tensor is summed and
     * divided in float32 (each step rounded to float32; a float32 sum or quotient computed in
     * double and rounded once is the float32 operation's correctly rounded result), others in double.
     */
    private static double poolRound(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    @Override
    public void avgPool2d(Buffer x, Buffer out, Geometry.Pool2d g, boolean countIncludePad) {
        CpuBuffer in = cpu(x);
        CpuBuffer o = cpu(out);
        boolean f32 = x.dtype() == DType.FLOAT32;
        for (int p = 0; p < g.planes(); p++) {
            for (int oh = 0; oh < g.hOut(); oh++) {
                for (int ow = 0; ow < g.wOut(); ow++) {
                    double s = 0;
                    for (int kh = 0; kh < g.kernel(); kh++) {
                        int ih = oh * g.stride() - g.padding() + kh;
                        for (int kw = 0; kw < g.kernel(); kw++) {
                            int iw = ow * g.stride() - g.padding() + kw;
                            if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                                s = poolRound(s + in.get(((long) p * g.h() + ih) * g.w() + iw), f32);
                            }
                        }
                    }
                    o.set(((long) p * g.hOut() + oh) * g.wOut() + ow, poolRound(s / poolDivisor(g, oh, ow, countIncludePad), f32));
                }
            }
        }
        counters.record(x.size() * g.kernel() * g.kernel() / Math.max(1, g.stride() * g.stride()), x.bytes() + out.bytes());
    }

    @Override
    public void avgPool2dAdjoint(Buffer gy, Buffer gx, Geometry.Pool2d g, boolean countIncludePad) {
        CpuBuffer dy = cpu(gy);
        CpuBuffer dx = cpu(gx);
        boolean f32 = gy.dtype() == DType.FLOAT32;
        double[] acc = new double[(int) dx.size()];
        for (int p = 0; p < g.planes(); p++) {
            for (int oh = 0; oh < g.hOut(); oh++) {
                for (int ow = 0; ow < g.wOut(); ow++) {
                    double d = poolRound(dy.get(((long) p * g.hOut() + oh) * g.wOut() + ow) / poolDivisor(g, oh, ow, countIncludePad), f32);
                    for (int kh = 0; kh < g.kernel(); kh++) {
                        int ih = oh * g.stride() - g.padding() + kh;
                        for (int kw = 0; kw < g.kernel(); kw++) {
                            int iw = ow * g.stride() - g.padding() + kw;
                            if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                                int at = (p * g.h() + ih) * g.w() + iw;
                                acc[at] = poolRound(acc[at] + d, f32);
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            dx.set(i, acc[i]);
        }
        counters.record(gx.size(), gy.bytes() + gx.bytes());
    }

    @Override
    public void maxPool2dIndices(Buffer x, Buffer indices, Geometry.Pool2d g) {
        CpuBuffer in = cpu(x);
        CpuBuffer idx = cpu(indices);
        for (int p = 0; p < g.planes(); p++) {
            for (int oh = 0; oh < g.hOut(); oh++) {
                for (int ow = 0; ow < g.wOut(); ow++) {
                    double best = Double.NEGATIVE_INFINITY;
                    long at = -1;
                    for (int kh = 0; kh < g.kernel(); kh++) {
                        int ih = oh * g.stride() - g.padding() + kh;
                        for (int kw = 0; kw < g.kernel(); kw++) {
                            int iw = ow * g.stride() - g.padding() + kw;
                            if (ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w()) {
                                double v = in.get(((long) p * g.h() + ih) * g.w() + iw);
                                if (at < 0 || v > best || v != v) {
                                    best = v;
                                    at = (long) ih * g.w() + iw;
                                    if (v != v) {
                                        kh = g.kernel();
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    idx.set(((long) p * g.hOut() + oh) * g.wOut() + ow, at);
                }
            }
        }
        counters.record(x.size(), x.bytes() + indices.bytes());
    }

    @Override
    public void gather2d(Buffer x, Buffer indices, Buffer out, Geometry.Pool2d g) {
        CpuBuffer in = cpu(x);
        CpuBuffer idx = cpu(indices);
        CpuBuffer o = cpu(out);
        long plane = (long) g.h() * g.w();
        long outPlane = (long) g.hOut() * g.wOut();
        for (long i = 0; i < o.size(); i++) {
            long p = i / outPlane;
            o.set(i, in.get(p * plane + (long) idx.get(i)));
        }
        counters.record(0, out.bytes() * 2 + indices.bytes());
    }

    @Override
    public void scatter2d(Buffer gy, Buffer indices, Buffer gx, Geometry.Pool2d g) {
        CpuBuffer dy = cpu(gy);
        CpuBuffer idx = cpu(indices);
        CpuBuffer dx = cpu(gx);
        double[] acc = new double[(int) dx.size()];
        long plane = (long) g.h() * g.w();
        long outPlane = (long) g.hOut() * g.wOut();
        for (long i = 0; i < dy.size(); i++) {
            long p = i / outPlane;
            acc[(int) (p * plane + (long) idx.get(i))] += dy.get(i);
        }
        for (int i = 0; i < acc.length; i++) {
            dx.set(i, acc[i]);
        }
        counters.record(0, gy.bytes() + gx.bytes() + indices.bytes());
    }
}
