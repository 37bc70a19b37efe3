package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.kernels.KernelSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every kernel source compiles with NVRTC exactly as the CUDA backend compiles it (the same text
 * and options, for sm_90 and the float32, float64 and int64 element types), without a GPU: the
 * PTX of a compute_90 build must name every KERNEL, and an sm_90 build must give a cubin. Runs
 * where the bindings and libnvrtc.so.13 load (which also needs libcuda.so.1, as the JavaCPP NVRTC
 * bindings inherit the driver's); skips with a printed reason otherwise.
 */
class CudaNvrtcCompileTest {
    private static final Pattern KERNEL = Pattern.compile("KERNEL\\s+void\\s+(\\w+)\\s*\\(");

    private static String nvrtcUnavailable() {
        try {
            Loader.load(cudart.class);
            Loader.load(nvrtc.class);
            return null;
        } catch (Throwable t) {
            return CudaLibraries.loadFailureReason(t);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyKernelSourceCompilesWithNvrtcAsTheBackendDoes() {
        String why = nvrtcUnavailable();
        if (why != null) {
            String line = "CudaNvrtcCompileTest skipped: NVRTC cannot be loaded: " + why;
            System.out.println(line);
            return Stream.of(DynamicTest.dynamicTest("NVRTC loads", () -> assumeTrue(false, line)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : KernelSource.FILES) {
            for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64)) {
                DType s = KernelSource.takesSourceType(file) ? DType.FLOAT64 : null;
                String source = KernelSource.cudaSource(file, KernelSource.definitions(true, t, s));
                tests.add(DynamicTest.dynamicTest(file + " T=" + t + (s == null ? "" : " S=" + s), () -> {
                    byte[] cubin = CudaPrograms.compile(file, source, CudaPrograms.options("sm_90"));
                    assertTrue(cubin.length > 4 && cubin[0] == 0x7f && cubin[1] == 'E' && cubin[2] == 'L' && cubin[3] == 'F',
                            "an sm_90 build gives an ELF cubin, " + cubin.length + " bytes");
                    byte[] ptx = CudaPrograms.compile(file, source, CudaPrograms.options("compute_90"));
                    String text = new String(ptx, StandardCharsets.UTF_8);
                    Matcher m = KERNEL.matcher(KernelSource.read(file));
                    while (m.find()) {
                        assertTrue(text.contains(".entry " + m.group(1) + "("), "no .entry " + m.group(1) + " in " + file);
                    }
                }));
            }
        }
        return tests.stream();
    }
}
