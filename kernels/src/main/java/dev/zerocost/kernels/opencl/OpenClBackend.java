package dev.zerocost.kernels.opencl;

import static dev.zerocost.kernels.opencl.OpenClErrors.check;

import dev.zerocost.engine.DType;
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
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

/**
 * The primitives as OpenCL kernels (sources under {@code dev/zerocost/kernels/}), with the CPU
 * reference's arithmetic: values are widened to double where the device has cl_khr_fp64 (float
 * otherwise), sums run in the reference's order and results round once on store, so most kernels
 * are bit-identical to {@code CpuReferenceBackend}. One in-order queue; downloads block.
 */
public final class OpenClBackend implements Backend {
    private static final long PER_SAMPLE_CHUNK_BYTES = 64L << 20;

    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final OpenClLauncher launcher;
    private final AtomicLong live = new AtomicLong();
    private final Counters counters = new Counters();

    OpenClBackend(OpenClDevice device) {
        this.device = device;
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        int[] err = new int[1];
        context = CL.clCreateContext(properties, 1, new cl_device_id[] {device.device()}, null, null, err);
        check(err[0], "clCreateContext(" + device.name() + ")");
        queue = CL.clCreateCommandQueue(context, device.device(), 0, err);
        check(err[0], "clCreateCommandQueue(" + device.name() + ")");
        launcher = new OpenClLauncher(context, queue, new OpenClPrograms(context, device.device(), device.fp64()));
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return "OpenCL " + device.describe();
    }

    /** True when float64 buffers and double accumulation are available (cl_khr_fp64). */
    public boolean hasFp64() {
        return device.fp64();
    }

    @Override
    public long liveBytes() {
        return live.get();
    }

    @Override
    public Counters counters() {
        return counters;
    }

    private void supported(DType dtype) {
        if (dtype == DType.UINT8) {
            throw new IllegalArgumentException("uint8 buffers are not supported; convert images to float32 first");
        }
        if (dtype == DType.FLOAT64 && !device.fp64()) {
            throw new UnsupportedOperationException("OpenCL device " + device.name()
                    + " lacks cl_khr_fp64, so it cannot hold float64 tensors; use float32 or --backend cpu");
        }
    }

    private static cl_mem mem(Buffer b) {
        return ((OpenClBuffer) b).mem();
    }

    @Override
    public Buffer allocate(DType dtype, long size) {
        supported(dtype);
        long bytes = Math.max(1, size) * dtype.byteSize();
        int[] err = new int[1];
        cl_mem m = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, bytes, null, err);
        check(err[0], "clCreateBuffer(" + size + " " + dtype + ")");
        check(CL.clEnqueueFillBuffer(queue, m, Pointer.to(new byte[1]), 1, 0, bytes, 0, null, null),
                "clEnqueueFillBuffer(" + size + " " + dtype + " zeros)");
        return new OpenClBuffer(this, dtype, size, m, live);
    }

    private static Pointer host(Object data) {
        if (data instanceof float[] f) {
            return Pointer.to(f);
        } else if (data instanceof double[] d) {
            return Pointer.to(d);
        }
        return Pointer.to((long[]) data);
    }

    @Override
    public Buffer upload(NdArray array) {
        DType dtype = array.dtype();
        supported(dtype);
        if (array.size() == 0) {
            return allocate(dtype, 0);
        }
        int[] err = new int[1];
        cl_mem m = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                array.size() * dtype.byteSize(), host(array.data()), err);
        check(err[0], "clCreateBuffer(upload of " + array + ")");
        return new OpenClBuffer(this, dtype, array.size(), m, live);
    }

    @Override
    public NdArray download(Buffer buffer, int[] shape) {
        int n = Math.toIntExact(buffer.size());
        Object data = switch (buffer.dtype()) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case UINT8 -> throw new IllegalStateException("no uint8 buffers on the OpenCL backend");
        };
        if (n > 0) {
            read(mem(buffer), 0, buffer.bytes(), host(data));
        }
        return new NdArray(buffer.dtype(), shape, data);
    }

    private void read(cl_mem m, long offset, long bytes, Pointer into) {
        check(CL.clEnqueueReadBuffer(queue, m, CL.CL_TRUE, offset, bytes, into, 0, null, null),
                "clEnqueueReadBuffer(" + bytes + " bytes)");
    }

    /** A scalar as the kernel's ACC argument (double with fp64, else float). */
    private Object acc(double v) {
        return device.fp64() ? (Object) v : (Object) (float) v;
    }

    @Override
    public void fill(Buffer out, double value) {
        Object typed = switch (out.dtype()) {
            case FLOAT32 -> (float) value;
            case FLOAT64 -> value;
            default -> (long) value;
        };
        launcher.launch("elementwise.cl", "fill", out.dtype(), null, out.size(), mem(out), typed, out.size());
        counters.record(0, out.bytes());
    }

    @Override
    public void cast(Buffer x, Buffer out) {
        launcher.launch("cast.cl", "cast", out.dtype(), x.dtype(), x.size(), mem(x), mem(out), x.size());
        counters.record(0, x.bytes() + out.bytes());
    }

    @Override
    public void unary(UnaryOp op, double scalar, Buffer x, Buffer out) {
        // float32 ops with a scalar round the scalar first, as PyTorch (and the reference) do
        double s = x.dtype() == DType.FLOAT32 ? (float) scalar : scalar;
        launcher.launch("elementwise.cl", "unary", x.dtype(), null, x.size(), op.ordinal(), acc(s), mem(x), mem(out), x.size());
        counters.record(x.size(), x.bytes() + out.bytes());
    }

    /** shape, then each operand's strides, as one array of longs. */
    private static long[] layout(int[] shape, long[]... strides) {
        int rank = shape.length;
        long[] out = new long[rank * (1 + strides.length)];
        for (int d = 0; d < rank; d++) {
            out[d] = shape[d];
        }
        for (int k = 0; k < strides.length; k++) {
            System.arraycopy(strides[k], 0, out, rank * (k + 1), rank);
        }
        return out;
    }

    @Override
    public void binary(BinaryOp op, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        long n = bc.size();
        cl_mem layout = launcher.constants(layout(bc.shape(), bc.aStrides(), bc.bStrides()));
        try {
            launcher.launch("elementwise.cl", "binary", out.dtype(), null, n,
                    op.ordinal(), mem(a), mem(b), mem(out), layout, bc.shape().length, n);
        } finally {
            OpenClLauncher.free(layout);
        }
        counters.record(n, a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void where(Buffer cond, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        long n = bc.size();
        cl_mem layout = launcher.constants(layout(bc.shape(), bc.aStrides(), bc.bStrides(), bc.cStrides()));
        try {
            launcher.launch("elementwise.cl", "where", out.dtype(), null, n,
                    mem(cond), mem(a), mem(b), mem(out), layout, bc.shape().length, n);
        } finally {
            OpenClLauncher.free(layout);
        }
        counters.record(n, cond.bytes() + a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void reduce(ReduceOp op, Buffer x, int[] shape, boolean[] reduced, Buffer out) {
        int rank = shape.length;
        long[] strides = new long[rank];
        long stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        int kept = 0;
        for (boolean r : reduced) {
            kept += r ? 0 : 1;
        }
        int folded = rank - kept;
        // kept sizes, reduced sizes, kept strides, reduced strides
        long[] layout = new long[2 * rank];
        long count = 1;
        int k = 0;
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                layout[kept + r] = shape[d];
                layout[rank + kept + r] = strides[d];
                count *= shape[d];
                r++;
            } else {
                layout[k] = shape[d];
                layout[rank + k] = strides[d];
                k++;
            }
        }
        cl_mem m = launcher.constants(layout);
        try {
            launcher.launch("reduce.cl", "reduce", x.dtype(), null, out.size(),
                    op.ordinal(), mem(x), mem(out), m, kept, folded, count, out.size());
        } finally {
            OpenClLauncher.free(m);
        }
        counters.record(x.size(), x.bytes() + out.bytes());
    }

    @Override
    public void copyStrided(Buffer x, long offset, int[] shape, long[] strides, Buffer out, long outOffset) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        cl_mem layout = launcher.constants(layout(shape, strides));
        try {
            launcher.launch("movement.cl", "copy_strided", out.dtype(), null, n,
                    mem(x), offset, mem(out), outOffset, layout, shape.length, n);
        } finally {
            OpenClLauncher.free(layout);
        }
        counters.record(0, 2 * n * out.dtype().byteSize());
    }

    @Override
    public void matmul(Buffer a, Buffer b, Buffer out, int batch, int m, int n, int k, boolean transA, boolean transB) {
        long total = (long) batch * m * n;
        launcher.launch("matmul.cl", "matmul", out.dtype(), null, total,
                mem(a), mem(b), mem(out), m, n, k, transA ? 1 : 0, transB ? 1 : 0, total);
        counters.record(2L * batch * m * n * k, a.bytes() + b.bytes() + out.bytes());
    }

    private static Object[] args(Object[] head, Geometry.Conv2d g, Object... tail) {
        Object[] geometry = {g.n(), g.cin(), g.h(), g.w(), g.cout(), g.kh(), g.kw(), g.stride(), g.padding(), g.hOut(), g.wOut()};
        Object[] all = new Object[head.length + geometry.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(geometry, 0, all, head.length, geometry.length);
        System.arraycopy(tail, 0, all, head.length + geometry.length, tail.length);
        return all;
    }

    @Override
    public void conv2d(Buffer x, Buffer weight, Buffer out, Geometry.Conv2d g) {
        long total = out.size();
        launcher.launch("conv.cl", "conv2d", out.dtype(), null, total,
                args(new Object[] {mem(x), mem(weight), mem(out)}, g, total));
        counters.record(g.flops(), x.bytes() + weight.bytes() + out.bytes());
    }

    @Override
    public void conv2dInputGrad(Buffer gy, Buffer weight, Buffer gx, Geometry.Conv2d g) {
        long total = gx.size();
        launcher.launch("conv.cl", "conv2d_input_grad", gx.dtype(), null, total,
                args(new Object[] {mem(gy), mem(weight), mem(gx)}, g, total));
        counters.record(g.flops(), gy.bytes() + weight.bytes() + gx.bytes());
    }

    @Override
    public void conv2dWeightGrad(Buffer x, Buffer gy, Buffer gw, Geometry.Conv2d g) {
        long total = gw.size();
        launcher.launch("conv.cl", "conv2d_weight_grad", gw.dtype(), null, total,
                args(new Object[] {mem(x), mem(gy), mem(gw)}, g, 0, g.n(), total));
        counters.record(g.flops(), x.bytes() + gy.bytes() + gw.bytes());
    }

    /**
     * Per-sample gradients are computed on the device for a chunk of samples at a time (at most
     * 64 MiB), rounded to the input dtype there as the reference does, then read back and handed
     * to the sink sample by sample.
     */
    @Override
    public void conv2dWeightGradPerSample(Buffer x, Buffer gy, Geometry.Conv2d g, PerSampleSink sink) {
        DType dtype = x.dtype();
        int weights = g.cout() * g.cin() * g.kh() * g.kw();
        int chunk = (int) Math.max(1, Math.min(g.n(), PER_SAMPLE_CHUNK_BYTES / Math.max(1L, (long) weights * dtype.byteSize())));
        double[] gradient = new double[weights];
        Object host = dtype == DType.FLOAT32 ? new float[chunk * weights] : new double[chunk * weights];
        cl_mem scratch = launcher.scratch((long) chunk * weights * dtype.byteSize());
        try {
            for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                int count = Math.min(chunk, g.n() - n0);
                long total = (long) count * weights;
                launcher.launch("conv.cl", "conv2d_weight_grad", dtype, null, total,
                        args(new Object[] {mem(x), mem(gy), scratch}, g, n0, 1, total));
                if (total > 0) {
                    read(scratch, 0, total * dtype.byteSize(), host(host));
                }
                for (int s = 0; s < count; s++) {
                    for (int i = 0; i < weights; i++) {
                        gradient[i] = host instanceof float[] f ? f[s * weights + i] : ((double[]) host)[s * weights + i];
                    }
                    sink.accept(n0 + s, gradient);
                }
            }
        } finally {
            OpenClLauncher.free(scratch);
        }
        counters.record(g.flops(), x.bytes() + gy.bytes());
    }

    private static Object[] args(Object[] head, Geometry.Pool2d g, Object... tail) {
        Object[] geometry = {g.h(), g.w(), g.kernel(), g.stride(), g.padding(), g.hOut(), g.wOut()};
        Object[] all = new Object[head.length + geometry.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(geometry, 0, all, head.length, geometry.length);
        System.arraycopy(tail, 0, all, head.length + geometry.length, tail.length);
        return all;
    }

    @Override
    public void avgPool2d(Buffer x, Buffer out, Geometry.Pool2d g, boolean countIncludePad) {
        long total = out.size();
        launcher.launch("pool.cl", "avg_pool2d", out.dtype(), null, total,
                args(new Object[] {mem(x), mem(out)}, g, countIncludePad ? 1 : 0, total));
        counters.record(x.size() * g.kernel() * g.kernel() / Math.max(1, g.stride() * g.stride()), x.bytes() + out.bytes());
    }

    @Override
    public void avgPool2dAdjoint(Buffer gy, Buffer gx, Geometry.Pool2d g, boolean countIncludePad) {
        long total = gx.size();
        launcher.launch("pool.cl", "avg_pool2d_adjoint", gx.dtype(), null, total,
                args(new Object[] {mem(gy), mem(gx)}, g, countIncludePad ? 1 : 0, total));
        counters.record(gx.size(), gy.bytes() + gx.bytes());
    }

    @Override
    public void maxPool2dIndices(Buffer x, Buffer indices, Geometry.Pool2d g) {
        long total = indices.size();
        launcher.launch("pool.cl", "max_pool2d_indices", x.dtype(), null, total,
                args(new Object[] {mem(x), mem(indices)}, g, total));
        counters.record(x.size(), x.bytes() + indices.bytes());
    }

    @Override
    public void gather2d(Buffer x, Buffer indices, Buffer out, Geometry.Pool2d g) {
        long plane = (long) g.h() * g.w();
        long outPlane = (long) g.hOut() * g.wOut();
        launcher.launch("movement.cl", "gather2d", out.dtype(), null, out.size(),
                mem(x), mem(indices), mem(out), plane, outPlane, out.size());
        counters.record(0, out.bytes() * 2 + indices.bytes());
    }

    @Override
    public void scatter2d(Buffer gy, Buffer indices, Buffer gx, Geometry.Pool2d g) {
        long plane = (long) g.h() * g.w();
        long outPlane = (long) g.hOut() * g.wOut();
        cl_mem scratch = launcher.scratch(gx.size() * (device.fp64() ? 8 : 4));
        try {
            launcher.launch("movement.cl", "scatter2d", gx.dtype(), null, g.planes(),
                    mem(gy), mem(indices), mem(gx), scratch, plane, outPlane, (long) g.planes());
        } finally {
            OpenClLauncher.free(scratch);
        }
        counters.record(0, gy.bytes() + gx.bytes() + indices.bytes());
    }
}
