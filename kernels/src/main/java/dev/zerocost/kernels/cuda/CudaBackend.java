package dev.zerocost.kernels.cuda;

import static dev.zerocost.kernels.cuda.CudaErrors.check;

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
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The primitives as CUDA kernels: the same sources, arguments and arithmetic as
 * {@code OpenClBackend} (values widened to double, sums in the reference's order, one rounding on
 * store, no fused multiply-add), compiled by NVRTC for the device's architecture. GEMMs use our
 * matmul kernel, not cuBLAS: it keeps the reference's summation order (bit-identical results) and
 * needs no libcublas; cuBLAS would be an optional faster path for a later change. Everything runs
 * on one stream in order; device memory comes from a caching allocator; downloads block.
 */
public final class CudaBackend implements Backend {
    private static final long PER_SAMPLE_CHUNK_BYTES = 64L << 20;

    private final CudaDevice device;
    private final CudaAllocator allocator;
    private final CudaLauncher launcher;
    private final AtomicLong live = new AtomicLong();
    private final Counters counters = new Counters();

    CudaBackend(CudaDevice device) {
        this.device = device;
        device.makeCurrent();
        CUstream_st stream = new CUstream_st();
        check(cudart.cuStreamCreate(stream, cudart.CU_STREAM_DEFAULT), "cuStreamCreate(" + device.name + ")");
        this.allocator = new CudaAllocator(new CudaAllocator.Memory() {
            @Override
            public long allocate(long bytes) {
                device.makeCurrent();
                long[] address = new long[1];
                int code = cudart.cuMemAlloc(address, bytes);
                if (code == cudart.CUDA_ERROR_OUT_OF_MEMORY) {
                    return 0;
                }
                check(code, "cuMemAlloc(" + bytes + " bytes)");
                return address[0];
            }

            @Override
            public void free(long address) {
                device.makeCurrent();
                check(cudart.cuMemFree(address), "cuMemFree");
            }

            @Override
            public void synchronize() {
                device.makeCurrent();
                check(cudart.cuStreamSynchronize(stream), "cuStreamSynchronize");
            }
        });
        this.launcher = new CudaLauncher(device, new CudaPrograms(device, CudaKernelCache.fromSystemProperties()),
                allocator, stream);
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String device() {
        return "CUDA " + device.describe();
    }

    @Override
    public long liveBytes() {
        return live.get();
    }

    /** Device bytes held from the driver: live buffers, cached free blocks and constant tables. */
    public long reservedBytes() {
        return allocator.reservedBytes();
    }

    /** Bytes of released blocks the allocator keeps for reuse. */
    public long cachedBytes() {
        return allocator.cachedBytes();
    }

    /** How many allocations a cached block served instead of the driver. */
    public long cacheReuses() {
        return allocator.reuses();
    }

    /** Returns every cached free block to the driver (live buffers are untouched). */
    public void emptyCache() {
        allocator.trim();
    }

    @Override
    public Counters counters() {
        return counters;
    }

    private static void supported(DType dtype) {
        if (dtype == DType.UINT8) {
            throw new IllegalArgumentException("uint8 buffers are not supported; convert images to float32 first");
        }
    }

    private static CudaBuffer buf(Buffer b) {
        return (CudaBuffer) b;
    }

    private CudaBuffer newBuffer(DType dtype, long size) {
        supported(dtype);
        CudaAllocator.Block block = allocator.allocate(Math.max(1, size) * dtype.byteSize());
        return new CudaBuffer(this, dtype, size, block, allocator, live);
    }

    @Override
    public Buffer allocate(DType dtype, long size) {
        CudaBuffer b = newBuffer(dtype, size);
        launcher.zero(b.address(), Math.max(1, size) * dtype.byteSize());
        return b;
    }

    @Override
    public Buffer upload(NdArray array) {
        DType dtype = array.dtype();
        CudaBuffer b = newBuffer(dtype, array.size());
        if (array.size() > 0) {
            try (Pointer host = host(array.data())) {
                launcher.toDevice(b.address(), host, b.bytes());
            }
        }
        return b;
    }

    /** Native host memory holding a copy of a Java array of the element types. */
    private static Pointer host(Object data) {
        if (data instanceof float[] f) {
            return new FloatPointer(f);
        } else if (data instanceof double[] d) {
            return new DoublePointer(d);
        }
        return new LongPointer((long[]) data);
    }

    @Override
    public NdArray download(Buffer buffer, int[] shape) {
        int n = Math.toIntExact(buffer.size());
        long address = buf(buffer).address();
        Object data;
        switch (buffer.dtype()) {
            case FLOAT32 -> {
                float[] f = new float[n];
                try (FloatPointer host = new FloatPointer((long) Math.max(1, n))) {
                    launcher.toHost(host, address, buffer.bytes());
                    host.get(f);
                }
                data = f;
            }
            case FLOAT64 -> {
                double[] d = new double[n];
                try (DoublePointer host = new DoublePointer((long) Math.max(1, n))) {
                    launcher.toHost(host, address, buffer.bytes());
                    host.get(d);
                }
                data = d;
            }
            case INT64 -> {
                long[] l = new long[n];
                try (LongPointer host = new LongPointer((long) Math.max(1, n))) {
                    launcher.toHost(host, address, buffer.bytes());
                    host.get(l);
                }
                data = l;
            }
            default -> throw new IllegalStateException("no uint8 buffers on the CUDA backend");
        }
        return new NdArray(buffer.dtype(), shape, data);
    }

    @Override
    public void fill(Buffer out, double value) {
        Object typed = switch (out.dtype()) {
            case FLOAT32 -> (float) value;
            case FLOAT64 -> value;
            default -> (long) value;
        };
        launcher.launch("elementwise.cl", "fill", out.dtype(), null, out.size(), buf(out), typed, out.size());
        counters.record(0, out.bytes());
    }

    @Override
    public void cast(Buffer x, Buffer out) {
        launcher.launch("cast.cl", "cast", out.dtype(), x.dtype(), x.size(), buf(x), buf(out), x.size());
        counters.record(0, x.bytes() + out.bytes());
    }

    @Override
    public void unary(UnaryOp op, double scalar, Buffer x, Buffer out) {
        // float32 ops with a scalar round the scalar first, as PyTorch (and the reference) do
        double s = x.dtype() == DType.FLOAT32 ? (float) scalar : scalar;
        launcher.launch("elementwise.cl", "unary", x.dtype(), null, x.size(), op.ordinal(), s, buf(x), buf(out), x.size());
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
        CudaLauncher.Device layout = launcher.constants(layout(bc.shape(), bc.aStrides(), bc.bStrides()));
        launcher.launch("elementwise.cl", "binary", out.dtype(), null, n,
                op.ordinal(), buf(a), buf(b), buf(out), layout, bc.shape().length, n);
        counters.record(n, a.bytes() + b.bytes() + out.bytes());
    }

    @Override
    public void where(Buffer cond, Buffer a, Buffer b, Buffer out, Broadcast bc) {
        long n = bc.size();
        CudaLauncher.Device layout = launcher.constants(layout(bc.shape(), bc.aStrides(), bc.bStrides(), bc.cStrides()));
        launcher.launch("elementwise.cl", "where", out.dtype(), null, n,
                buf(cond), buf(a), buf(b), buf(out), layout, bc.shape().length, n);
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
        CudaLauncher.Device m = launcher.constants(layout);
        launcher.launch("reduce.cl", "reduce", x.dtype(), null, out.size(),
                op.ordinal(), buf(x), buf(out), m, kept, folded, count, out.size());
        counters.record(x.size(), x.bytes() + out.bytes());
    }

    @Override
    public void copyStrided(Buffer x, long offset, int[] shape, long[] strides, Buffer out, long outOffset) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        CudaLauncher.Device layout = launcher.constants(layout(shape, strides));
        launcher.launch("movement.cl", "copy_strided", out.dtype(), null, n,
                buf(x), offset, buf(out), outOffset, layout, shape.length, n);
        counters.record(0, 2 * n * out.dtype().byteSize());
    }

    @Override
    public void matmul(Buffer a, Buffer b, Buffer out, int batch, int m, int n, int k, boolean transA, boolean transB) {
        long total = (long) batch * m * n;
        launcher.launch("matmul.cl", "matmul", out.dtype(), null, total,
                buf(a), buf(b), buf(out), m, n, k, transA ? 1 : 0, transB ? 1 : 0, total);
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
                args(new Object[] {buf(x), buf(weight), buf(out)}, g, total));
        counters.record(g.flops(), x.bytes() + weight.bytes() + out.bytes());
    }

    @Override
    public void conv2dInputGrad(Buffer gy, Buffer weight, Buffer gx, Geometry.Conv2d g) {
        long total = gx.size();
        launcher.launch("conv.cl", "conv2d_input_grad", gx.dtype(), null, total,
                args(new Object[] {buf(gy), buf(weight), buf(gx)}, g, total));
        counters.record(g.flops(), gy.bytes() + weight.bytes() + gx.bytes());
    }

    @Override
    public void conv2dWeightGrad(Buffer x, Buffer gy, Buffer gw, Geometry.Conv2d g) {
        long total = gw.size();
        launcher.launch("conv.cl", "conv2d_weight_grad", gw.dtype(), null, total,
                args(new Object[] {buf(x), buf(gy), buf(gw)}, g, 0, g.n(), total));
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
        CudaAllocator.Block scratch = allocator.allocate((long) chunk * weights * dtype.byteSize());
        try (Pointer host = dtype == DType.FLOAT32 ? new FloatPointer((long) chunk * weights)
                : new DoublePointer((long) chunk * weights)) {
            for (int n0 = 0; n0 < g.n(); n0 += chunk) {
                int count = Math.min(chunk, g.n() - n0);
                long total = (long) count * weights;
                launcher.launch("conv.cl", "conv2d_weight_grad", dtype, null, total,
                        args(new Object[] {buf(x), buf(gy), new CudaLauncher.Device(scratch.address())}, g, n0, 1, total));
                launcher.toHost(host, scratch.address(), total * dtype.byteSize());
                for (int s = 0; s < count; s++) {
                    for (int i = 0; i < weights; i++) {
                        long at = (long) s * weights + i;
                        gradient[i] = host instanceof FloatPointer f ? f.get(at) : ((DoublePointer) host).get(at);
                    }
                    sink.accept(n0 + s, gradient);
                }
            }
        } finally {
            allocator.release(scratch);
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
                args(new Object[] {buf(x), buf(out)}, g, countIncludePad ? 1 : 0, total));
        counters.record(x.size() * g.kernel() * g.kernel() / Math.max(1, g.stride() * g.stride()), x.bytes() + out.bytes());
    }

    @Override
    public void avgPool2dAdjoint(Buffer gy, Buffer gx, Geometry.Pool2d g, boolean countIncludePad) {
        long total = gx.size();
        launcher.launch("pool.cl", "avg_pool2d_adjoint", gx.dtype(), null, total,
                args(new Object[] {buf(gy), buf(gx)}, g, countIncludePad ? 1 : 0, total));
        counters.record(gx.size(), gy.bytes() + gx.bytes());
    }

    @Override
    public void maxPool2dIndices(Buffer x, Buffer indices, Geometry.Pool2d g) {
        long total = indices.size();
        launcher.launch("pool.cl", "max_pool2d_indices", x.dtype(), null, total,
                args(new Object[] {buf(x), buf(indices)}, g, total));
        counters.record(x.size(), x.bytes() + indices.bytes());
    }

    @Override
    public void gather2d(Buffer x, Buffer indices, Buffer out, Geometry.Pool2d g) {
        long plane = (long) g.h() * g.w();
        long outPlane = (long) g.hOut() * g.wOut();
        launcher.launch("movement.cl", "gather2d", out.dtype(), null, out.size(),
                buf(x), buf(indices), buf(out), plane, outPlane, out.size());
        counters.record(0, out.bytes() * 2 + indices.bytes());
    }

    @Override
    public void scatter2d(Buffer gy, Buffer indices, Buffer gx, Geometry.Pool2d g) {
        long plane = (long) g.h() * g.w();
        long outPlane = (long) g.hOut() * g.wOut();
        // one double accumulator per element of gx, as OpenCL's scratch with fp64
        CudaAllocator.Block scratch = allocator.allocate(gx.size() * Double.BYTES);
        try {
            launcher.launch("movement.cl", "scatter2d", gx.dtype(), null, g.planes(),
                    buf(gy), buf(indices), buf(gx), new CudaLauncher.Device(scratch.address()), plane, outPlane,
                    (long) g.planes());
        } finally {
            allocator.release(scratch); // reused only by later work on the same stream
        }
        counters.record(0, gy.bytes() + gx.bytes() + indices.bytes());
    }
}
