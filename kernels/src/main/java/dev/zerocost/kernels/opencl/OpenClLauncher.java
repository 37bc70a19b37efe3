package dev.zerocost.kernels.opencl;

import static dev.zerocost.kernels.opencl.OpenClErrors.check;

import dev.zerocost.engine.DType;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets a cached kernel's arguments and enqueues it over a 1-d range, under one lock because
 * kernel objects hold their arguments. Arguments are given by their Java type: a buffer or
 * cl_mem, Integer (int), Long (i64), Float or Double.
 */
final class OpenClLauncher {
    private final cl_context context;
    private final cl_command_queue queue;
    private final OpenClPrograms programs;

    OpenClLauncher(cl_context context, cl_command_queue queue, OpenClPrograms programs) {
        this.context = context;
        this.queue = queue;
        this.programs = programs;
    }

    /** Enqueues kernel {@code name} of {@code file} built for t (and s) over {@code global} work-items; none when 0. */
    synchronized void launch(String file, String name, DType t, DType s, long global, Object... args) {
        if (global <= 0) {
            return;
        }
        cl_kernel kernel = programs.kernel(file, name, t, s);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int code;
            if (a instanceof OpenClBuffer b) {
                code = CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(b.mem()));
            } else if (a instanceof cl_mem m) {
                code = CL.clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m));
            } else if (a instanceof Integer v) {
                code = CL.clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            } else if (a instanceof Long v) {
                code = CL.clSetKernelArg(kernel, i, Sizeof.cl_long, Pointer.to(new long[] {v}));
            } else if (a instanceof Double v) {
                code = CL.clSetKernelArg(kernel, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
            } else if (a instanceof Float v) {
                code = CL.clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
            } else {
                throw new IllegalArgumentException("kernel " + name + " argument " + i + ": unsupported " + a);
            }
            check(code, "clSetKernelArg(" + name + ", " + i + ")");
        }
        check(CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global}, null, 0, null, null),
                "clEnqueueNDRangeKernel(" + name + ", " + global + " work-items)");
    }

    /** A read-only device copy of small host metadata (shapes, strides); release it after enqueuing. */
    cl_mem constants(long[] values) {
        long[] data = values.length == 0 ? new long[1] : values;
        int[] err = new int[1];
        cl_mem m = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR,
                (long) data.length * Sizeof.cl_long, Pointer.to(data), err);
        check(err[0], "clCreateBuffer(" + data.length + " constants)");
        return m;
    }

    /** Uncounted device scratch memory of at least one byte; release it after enqueuing. */
    cl_mem scratch(long bytes) {
        int[] err = new int[1];
        cl_mem m = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, Math.max(bytes, 8), null, err);
        check(err[0], "clCreateBuffer(" + bytes + " bytes of scratch)");
        return m;
    }

    static void free(cl_mem m) {
        check(CL.clReleaseMemObject(m), "clReleaseMemObject");
    }
}
