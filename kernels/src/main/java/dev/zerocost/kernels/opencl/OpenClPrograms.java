package dev.zerocost.kernels.opencl;

import static dev.zerocost.kernels.opencl.OpenClErrors.check;

import dev.zerocost.engine.DType;
import dev.zerocost.kernels.KernelSource;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The kernel sources under {@code dev/zerocost/kernels/}, compiled on first use once per
 * (source, element type) pair and cached with their kernels for the life of the context. Each
 * source is expanded by {@link KernelSource#expand} (dialect.h inlined) and built with the
 * dialect's {@link KernelSource#definitions} as -D options.
 */
final class OpenClPrograms {
    private final cl_context context;
    private final cl_device_id device;
    private final boolean fp64;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();

    OpenClPrograms(cl_context context, cl_device_id device, boolean fp64) {
        this.context = context;
        this.device = device;
        this.fp64 = fp64;
    }

    /** A kernel of source {@code file} built for element type t (and source type s, or null). */
    synchronized cl_kernel kernel(String file, String name, DType t, DType s) {
        String programKey = file + "|" + t + "|" + s;
        String key = programKey + "#" + name;
        cl_kernel k = kernels.get(key);
        if (k == null) {
            cl_program program = programs.get(programKey);
            if (program == null) {
                program = build(file, options(t, s));
                programs.put(programKey, program);
            }
            int[] err = new int[1];
            k = CL.clCreateKernel(program, name, err);
            check(err[0], "clCreateKernel(" + name + " of " + file + ")");
            kernels.put(key, k);
        }
        return k;
    }

    private String options(DType t, DType s) {
        StringBuilder o = new StringBuilder("-cl-std=CL1.2");
        KernelSource.definitions(fp64, t, s)
                .forEach((name, value) -> o.append(" -D").append(name).append('=').append(value));
        return o.toString();
    }

    private cl_program build(String file, String options) {
        String source = KernelSource.expand(file);
        int[] err = new int[1];
        cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, err);
        check(err[0], "clCreateProgramWithSource(" + file + ")");
        int code = CL.clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
        if (code != CL.CL_SUCCESS) {
            String log = buildLog(program);
            CL.clReleaseProgram(program);
            throw new OpenClErrors.OpenClException(code, "building " + file + " with '" + options + "' failed with "
                    + OpenClErrors.name(code) + "; build log:\n" + log);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        if (CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size) != CL.CL_SUCCESS) {
            return "(no build log)";
        }
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
        return OpenClDevice.cString(bytes);
    }
}
