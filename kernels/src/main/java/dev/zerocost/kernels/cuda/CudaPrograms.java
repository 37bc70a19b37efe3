package dev.zerocost.kernels.cuda;

import static dev.zerocost.kernels.cuda.CudaErrors.check;
import static dev.zerocost.kernels.cuda.CudaErrors.checkNvrtc;

import dev.zerocost.engine.DType;
import dev.zerocost.kernels.KernelSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The kernel sources under {@code dev/zerocost/kernels/} compiled with NVRTC for the device's own
 * architecture, on first use once per (source, element type) pair, and cached as loaded modules
 * for the life of the context; compiled images are also kept on disk by {@link CudaKernelCache}.
 * The text is {@link KernelSource#cudaSource}, the same nvcc compiles in CudaCompileTest, with the
 * fp64 dialect (every CUDA GPU has doubles) and {@code --fmad=false}, which dialect.h requires
 * so that a * b + c rounds twice as in the CPU reference.
 */
final class CudaPrograms {
    private final CudaDevice device;
    private final CudaKernelCache disk;
    private final Map<String, CUmod_st> modules = new HashMap<>();
    private final Map<String, CUfunc_st> functions = new HashMap<>();

    CudaPrograms(CudaDevice device, CudaKernelCache disk) {
        this.device = device;
        this.disk = disk;
    }

    /** NVRTC options for a real architecture such as sm_90. */
    static List<String> options(String architecture) {
        return List.of("--gpu-architecture=" + architecture, "--fmad=false", "--std=c++17");
    }

    /** A kernel of source {@code file} built for element type t (and source type s, or null). */
    synchronized CUfunc_st function(String file, String name, DType t, DType s) {
        String moduleKey = file + "|" + t + "|" + s;
        String key = moduleKey + "#" + name;
        CUfunc_st f = functions.get(key);
        if (f == null) {
            CUmod_st module = modules.get(moduleKey);
            if (module == null) {
                module = load(file, KernelSource.cudaSource(file, KernelSource.definitions(true, t, s)));
                modules.put(moduleKey, module);
            }
            f = new CUfunc_st();
            check(cudart.cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + " of " + file + ")");
            functions.put(key, f);
        }
        return f;
    }

    private CUmod_st load(String file, String source) {
        List<String> options = options(device.architecture());
        String version = "nvrtc " + device.nvrtcMajor + "." + device.nvrtcMinor;
        byte[] image = disk.get(version, options, source);
        if (image == null) {
            image = compile(file, source, options);
            disk.put(version, options, source, image);
        }
        CUmod_st module = new CUmod_st();
        try (BytePointer data = new BytePointer(image)) {
            check(cudart.cuModuleLoadData(module, data), "cuModuleLoadData(" + file + " for " + device.architecture() + ")");
        }
        return module;
    }

    /**
     * Compiles CUDA C++ with NVRTC: the cubin when NVRTC gives one (real architectures), else the
     * PTX with its terminating NUL, which cuModuleLoadData also accepts.
     */
    static byte[] compile(String file, String source, List<String> options) {
        _nvrtcProgram program = new _nvrtcProgram();
        try (BytePointer text = new BytePointer(source); BytePointer label = new BytePointer(file)) {
            checkNvrtc(nvrtc.nvrtcCreateProgram(program, text, label, 0, (PointerPointer<?>) null, (PointerPointer<?>) null),
                    "nvrtcCreateProgram(" + file + ")");
        }
        try (PointerPointer<?> opts = new PointerPointer<>(options.toArray(new String[0]))) {
            int code = nvrtc.nvrtcCompileProgram(program, options.size(), opts);
            if (code != nvrtc.NVRTC_SUCCESS) {
                throw new CudaErrors.CudaException(code, "NVRTC could not compile " + file + " with " + options + ": "
                        + CudaErrors.nvrtcName(code) + "; log:\n" + log(program));
            }
            try (SizeTPointer size = new SizeTPointer(1)) {
                if (nvrtc.nvrtcGetCUBINSize(program, size) == nvrtc.NVRTC_SUCCESS && size.get() > 0) {
                    byte[] cubin = new byte[Math.toIntExact(size.get())];
                    checkNvrtc(nvrtc.nvrtcGetCUBIN(program, cubin), "nvrtcGetCUBIN(" + file + ")");
                    return cubin;
                }
                checkNvrtc(nvrtc.nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize(" + file + ")");
                byte[] ptx = new byte[Math.toIntExact(size.get())];
                checkNvrtc(nvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX(" + file + ")");
                return ptx;
            }
        } finally {
            nvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(_nvrtcProgram program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            if (nvrtc.nvrtcGetProgramLogSize(program, size) != nvrtc.NVRTC_SUCCESS || size.get() <= 1) {
                return "(no log)";
            }
            byte[] bytes = new byte[Math.toIntExact(size.get())];
            nvrtc.nvrtcGetProgramLog(program, bytes);
            return new String(bytes, 0, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
