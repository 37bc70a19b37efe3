package dev.zerocost.kernels.opencl;

import org.jocl.CL;

/** The one place OpenCL status codes become exceptions that name the error and the call (DESIGN.md example 8). */
final class OpenClErrors {
    private OpenClErrors() {
    }

    /** Throws when code is not CL_SUCCESS; {@code what} names the call and its subject. */
    static void check(int code, String what) {
        if (code != CL.CL_SUCCESS) {
            throw new OpenClException(code, what + " failed with " + name(code) + hint(code));
        }
    }

    /** The CL_* name of a status code, e.g. CL_OUT_OF_RESOURCES. */
    static String name(int code) {
        String name = CL.stringFor_errorCode(code);
        return name == null || name.isEmpty() ? "OpenCL error " + code : name + " (" + code + ")";
    }

    private static String hint(int code) {
        return switch (code) {
            case CL.CL_OUT_OF_RESOURCES, CL.CL_MEM_OBJECT_ALLOCATION_FAILURE, CL.CL_OUT_OF_HOST_MEMORY ->
                    ": the device ran out of memory or resources; use a smaller batch, or --backend cpu";
            case CL.CL_BUILD_PROGRAM_FAILURE -> ": a kernel source did not compile for this device (see the build log)";
            case CL.CL_DEVICE_NOT_FOUND -> ": no OpenCL device; install a driver (e.g. Debian's pocl-opencl-icd)";
            case CL.CL_PLATFORM_NOT_FOUND_KHR -> ": no OpenCL platform; install an ICD (e.g. Debian's pocl-opencl-icd)";
            default -> "";
        };
    }

    /** An OpenCL call that returned an error status. */
    static final class OpenClException extends RuntimeException {
        private final int code;

        OpenClException(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
