package dev.zerocost.kernels.opencl;

import static dev.zerocost.kernels.opencl.OpenClErrors.check;

import dev.zerocost.engine.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * (source, element type) pair and cached with their kernels for the life of the context. The
 * line {@code #include "dialect.h"} of each source is replaced by that header's text, so no
 * include path on disk is needed.
 */
final class OpenClPrograms {
    private static final String FOLDER = "/dev/zerocost/kernels/";

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

    /** The OpenCL C spelling of a dtype in the dialect. */
    static String typeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> "i64";
            case UINT8 -> throw new IllegalArgumentException("uint8 buffers are not supported by the OpenCL backend");
        };
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
        o.append(" -DHAS_FP64=").append(fp64 ? 1 : 0);
        o.append(" -DACC=").append(fp64 ? "double" : "float");
        o.append(" -DT=").append(typeName(t)).append(" -DT_INT=").append(t == DType.INT64 ? 1 : 0);
        if (s != null) {
            o.append(" -DS=").append(typeName(s));
        }
        return o.toString();
    }

    private cl_program build(String file, String options) {
        String source = resource(file).replace("#include \"dialect.h\"", resource("dialect.h"));
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

    static String resource(String file) {
        try (InputStream in = OpenClPrograms.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + FOLDER + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel source " + file, e);
        }
    }
}
