package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Load failures of the JavaCPP CUDA bindings become reasons a user can act on (no GPU needed). */
class CudaLibrariesTest {
    private static Throwable javacppFailure(String library) {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("/root/.javacpp/cache/cuda-13.3-9.25-1.5.14-linux-x86_64.jar/"
                + "org/bytedeco/cuda/linux-x86_64/libjnicudart.so: " + library + ": cannot open shared object file: "
                + "No such file or directory");
        UnsatisfiedLinkError top = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        top.initCause(cause);
        return top;
    }

    @Test
    void aMissingDriverLibraryMeansNoNvidiaDriver() {
        assertEquals("CUDA driver library libcuda.so.1 not found (no NVIDIA driver installed)",
                CudaLibraries.loadFailureReason(javacppFailure("libcuda.so.1")));
    }

    @Test
    void aMissingRuntimeOrNvrtcIsNamedWithWhatToInstall() {
        String runtime = CudaLibraries.loadFailureReason(javacppFailure("libcudart.so.13"));
        assertTrue(runtime.startsWith("CUDA runtime libcudart.so.13 not found") && runtime.contains("CUDA 13"), runtime);
        String nvrtc = CudaLibraries.loadFailureReason(javacppFailure("libnvrtc.so.13"));
        assertTrue(nvrtc.startsWith("NVRTC libnvrtc.so.13 not found") && nvrtc.contains("LD_LIBRARY_PATH"), nvrtc);
    }

    @Test
    void theReasonIsFoundThroughAnInitializerErrorAndALaterNoClassDefFoundError() {
        ExceptionInInitializerError init = new ExceptionInInitializerError(javacppFailure("libcuda.so.1"));
        NoClassDefFoundError later = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart");
        later.initCause(init);
        assertEquals("CUDA driver library libcuda.so.1 not found (no NVIDIA driver installed)",
                CudaLibraries.loadFailureReason(later));
    }

    @Test
    void aLaterAttemptWithoutTheFirstCauseStillNamesTheMissingDriver() {
        boolean noDriver = CudaLibraries.findDriver().isEmpty();
        if (!noDriver) {
            System.out.println("CudaLibrariesTest skipped one case: this machine has " + CudaLibraries.findDriver().get());
        }
        assumeTrue(noDriver, "libcuda.so.1 is present");
        NoClassDefFoundError later = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudart");
        later.initCause(new ExceptionInInitializerError("Exception java.lang.UnsatisfiedLinkError: no jnicudart in "
                + "java.library.path: /usr/lib [in thread \"main\"]"));
        assertEquals("CUDA driver library libcuda.so.1 not found (no NVIDIA driver installed)",
                CudaLibraries.loadFailureReason(later));
    }

    @Test
    void missingBindingsAndOldLibrariesAreToldApart() {
        String classes = CudaLibraries.loadFailureReason(new NoClassDefFoundError("org/bytedeco/cuda/global/cudart"));
        assertTrue(classes.contains("org.bytedeco:cuda"), classes);
        String old = CudaLibraries.loadFailureReason(new UnsatisfiedLinkError(
                "libjnicudart.so: undefined symbol: cuCtxCreate_v4"));
        assertTrue(old.contains("older than the bindings") && old.contains("cuCtxCreate_v4"), old);
    }

    @Test
    void driverVersionsReadAsCudaVersions() {
        assertEquals("12.4", CudaDevice.version(12040));
        assertEquals("13.0", CudaDevice.version(13000));
        assertEquals("13.3", CudaDevice.version(13030));
    }
}
