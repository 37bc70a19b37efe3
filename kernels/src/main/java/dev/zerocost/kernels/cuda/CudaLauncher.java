package dev.zerocost.kernels.cuda;

import static dev.zerocost.kernels.cuda.CudaErrors.check;

import dev.zerocost.engine.DType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Launches cached kernels on the backend's one stream over a 1-d range (blocks of
 * {@link #BLOCK} threads; the kernels return early past their element count, as in OpenCL), and
 * does the stream's copies. Arguments are given by their Java type: a CudaBuffer or
 * {@link Device} (a device address), Integer (int), Long (i64), Float or Double.
 */
final class CudaLauncher {
    /** Threads per block; any size works because every kernel is a 1-d map with a bounds check. */
    static final int BLOCK = 256;
    /** Distinct shape/stride tables kept on the device before the table cache starts over. */
    private static final int MAX_CONSTANTS = 4096;

    /** A raw device address passed as a pointer argument (scratch memory, constant tables). */
    record Device(long address) {
    }

    /** A long[] with value equality, the key of a constant table. */
    private record Values(long[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Values other && Arrays.equals(v, other.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    private final CudaDevice device;
    private final CudaPrograms programs;
    private final CudaAllocator allocator;
    private final CUstream_st stream;
    private final Map<Values, CudaAllocator.Block> constants = new HashMap<>();

    CudaLauncher(CudaDevice device, CudaPrograms programs, CudaAllocator allocator, CUstream_st stream) {
        this.device = device;
        this.programs = programs;
        this.allocator = allocator;
        this.stream = stream;
    }

    /** Number of blocks of {@link #BLOCK} threads covering {@code global} items. */
    static int grid(long global) {
        long blocks = (global + BLOCK - 1) / BLOCK;
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(global + " work items exceed one CUDA launch's grid");
        }
        return (int) blocks;
    }

    /** Queues kernel {@code name} of {@code file} built for t (and s) over {@code global} threads; none when 0. */
    synchronized void launch(String file, String name, DType t, DType s, long global, Object... args) {
        if (global <= 0) {
            return;
        }
        device.makeCurrent();
        CUfunc_st function = programs.function(file, name, t, s);
        try (PointerScope scope = new PointerScope()) {
            Pointer[] values = new Pointer[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = value(name, i, args[i]);
            }
            PointerPointer<Pointer> params = new PointerPointer<>(values);
            check(cudart.cuLaunchKernel(function, grid(global), 1, 1, BLOCK, 1, 1, 0, stream, params, null),
                    "cuLaunchKernel(" + name + " of " + file + ", " + global + " threads)");
        }
    }

    private static Pointer value(String kernel, int i, Object a) {
        if (a instanceof CudaBuffer b) {
            return new LongPointer(1L).put(0, b.address());
        } else if (a instanceof Device d) {
            return new LongPointer(1L).put(0, d.address());
        } else if (a instanceof Integer v) {
            return new IntPointer(1L).put(0, v);
        } else if (a instanceof Long v) {
            return new LongPointer(1L).put(0, v);
        } else if (a instanceof Double v) {
            return new DoublePointer(1L).put(0, v);
        } else if (a instanceof Float v) {
            return new FloatPointer(1L).put(0, v);
        }
        throw new IllegalArgumentException("kernel " + kernel + " argument " + i + ": unsupported " + a);
    }

    /**
     * A device copy of small host metadata (shapes, strides), kept for reuse: a sweep sees the same
     * few tables over and over. Uncounted in live bytes, like OpenCL's per-launch tables.
     */
    synchronized Device constants(long[] values) {
        Values key = new Values(values.length == 0 ? new long[1] : values.clone());
        CudaAllocator.Block block = constants.get(key);
        if (block == null) {
            if (constants.size() >= MAX_CONSTANTS) {
                synchronize();
                constants.values().forEach(allocator::release);
                constants.clear();
            }
            block = allocator.allocate((long) key.v().length * Long.BYTES);
            try (LongPointer host = new LongPointer(key.v())) {
                toDevice(block.address(), host, (long) key.v().length * Long.BYTES);
            }
            constants.put(key, block);
        }
        return new Device(block.address());
    }

    /** Copies host memory to the device in stream order and waits, so the host memory may be freed. */
    synchronized void toDevice(long address, Pointer host, long bytes) {
        if (bytes == 0) {
            return;
        }
        device.makeCurrent();
        check(cudart.cuMemcpyHtoDAsync(address, host, bytes, stream), "cuMemcpyHtoDAsync(" + bytes + " bytes)");
        synchronize();
    }

    /** Copies device memory to the host after everything queued before it, and waits. */
    synchronized void toHost(Pointer host, long address, long bytes) {
        if (bytes == 0) {
            return;
        }
        device.makeCurrent();
        check(cudart.cuMemcpyDtoHAsync(host, address, bytes, stream), "cuMemcpyDtoHAsync(" + bytes + " bytes)");
        synchronize();
    }

    /** Zero-fills device memory in stream order. */
    synchronized void zero(long address, long bytes) {
        device.makeCurrent();
        check(cudart.cuMemsetD8Async(address, (byte) 0, bytes, stream), "cuMemsetD8Async(" + bytes + " bytes)");
    }

    /** Waits for everything queued on the stream; kernel faults surface here. */
    synchronized void synchronize() {
        device.makeCurrent();
        check(cudart.cuStreamSynchronize(stream), "cuStreamSynchronize (errors of earlier kernels surface here)");
    }
}
