package dev.zerocost.kernels.cuda;

import java.util.Map;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The one place CUDA driver (CUresult) and NVRTC (nvrtcResult) status codes become exceptions
 * that name the error and the call (DESIGN.md example 8).
 */
final class CudaErrors {
    /** Names of common CUresult codes, used when the driver cannot name a code itself. */
    private static final Map<Integer, String> KNOWN = Map.ofEntries(
            Map.entry(1, "CUDA_ERROR_INVALID_VALUE"), Map.entry(2, "CUDA_ERROR_OUT_OF_MEMORY"),
            Map.entry(3, "CUDA_ERROR_NOT_INITIALIZED"), Map.entry(35, "CUDA_ERROR_INSUFFICIENT_DRIVER"),
            Map.entry(100, "CUDA_ERROR_NO_DEVICE"), Map.entry(101, "CUDA_ERROR_INVALID_DEVICE"),
            Map.entry(209, "CUDA_ERROR_NO_BINARY_FOR_GPU"), Map.entry(218, "CUDA_ERROR_INVALID_PTX"),
            Map.entry(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), Map.entry(500, "CUDA_ERROR_NOT_FOUND"),
            Map.entry(700, "CUDA_ERROR_ILLEGAL_ADDRESS"), Map.entry(701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"),
            Map.entry(719, "CUDA_ERROR_LAUNCH_FAILED"), Map.entry(803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"),
            Map.entry(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"));

    private CudaErrors() {
    }

    /** Throws when a driver call did not return CUDA_SUCCESS; {@code what} names the call and its subject. */
    static void check(int code, String what) {
        if (code != cudart.CUDA_SUCCESS) {
            throw new CudaException(code, what + " failed with " + name(code) + hint(code));
        }
    }

    /** Throws when an NVRTC call did not return NVRTC_SUCCESS. */
    static void checkNvrtc(int code, String what) {
        if (code != nvrtc.NVRTC_SUCCESS) {
            throw new CudaException(code, what + " failed with " + nvrtcName(code));
        }
    }

    /** The CUDA_ERROR_* name of a driver status code, e.g. CUDA_ERROR_OUT_OF_MEMORY (2). */
    static String name(int code) {
        String name = null;
        try (PointerPointer<?> out = new PointerPointer<>(1L)) {
            if (cudart.cuGetErrorName(code, out) == cudart.CUDA_SUCCESS && out.get(0) != null) {
                name = out.getString(0);
            }
        } catch (RuntimeException | LinkageError e) {
            // the driver could not be asked; fall back to the table
        }
        if (name == null || name.isEmpty()) {
            name = KNOWN.getOrDefault(code, "CUDA error");
        }
        return name + " (" + code + ")";
    }

    /** The NVRTC_ERROR_* name of an NVRTC status code. */
    static String nvrtcName(int code) {
        try {
            return nvrtc.nvrtcGetErrorString(code).getString() + " (" + code + ")";
        } catch (RuntimeException | LinkageError e) {
            return "NVRTC error " + code;
        }
    }

    private static String hint(int code) {
        return switch (code) {
            case cudart.CUDA_ERROR_OUT_OF_MEMORY -> ": the GPU ran out of memory; use a smaller batch, or --backend cpu";
            case cudart.CUDA_ERROR_NO_DEVICE -> ": no CUDA device is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)";
            case 35 -> ": the NVIDIA driver is older than this CUDA version needs; update the driver";
            case cudart.CUDA_ERROR_NO_BINARY_FOR_GPU, cudart.CUDA_ERROR_UNSUPPORTED_PTX_VERSION ->
                    ": NVRTC produced code this driver cannot load; NVRTC is newer than the driver";
            case cudart.CUDA_ERROR_ILLEGAL_ADDRESS, cudart.CUDA_ERROR_LAUNCH_FAILED ->
                    ": a kernel faulted; the CUDA context is now unusable, restart the process";
            default -> "";
        };
    }

    /** A CUDA driver or NVRTC call that returned an error status. */
    static final class CudaException extends RuntimeException {
        private final int code;

        CudaException(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
