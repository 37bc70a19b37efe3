package dev.zerocost.kernels.cuda;

import static dev.zerocost.kernels.cuda.CudaErrors.check;

import java.nio.charset.StandardCharsets;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The CUDA device this backend runs on (ordinal from the system property
 * {@code zerocost.cuda.device}, default 0) with its primary context, compute capability and the
 * driver and NVRTC versions. Probing never throws: {@link #probe()} returns either a device or the
 * reason there is none (no driver, a driver older than CUDA 13, no device, no NVRTC).
 */
final class CudaDevice {
    /** The oldest driver API version the bindings (CUDA 13.3 headers) can work with: 13.0. */
    static final int MIN_DRIVER_VERSION = 13000;

    /** A device, or why none can be used. */
    record Probe(CudaDevice device, String unavailableReason) {
    }

    private static Probe cached;

    final int ordinal;
    final String name;
    final int major;
    final int minor;
    final int driverVersion;
    final int nvrtcMajor;
    final int nvrtcMinor;
    final long totalBytes;
    final CUctx_st context;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private CudaDevice(int ordinal, String name, int major, int minor, int driverVersion, int nvrtcMajor,
                       int nvrtcMinor, long totalBytes, CUctx_st context) {
        this.ordinal = ordinal;
        this.name = name;
        this.major = major;
        this.minor = minor;
        this.driverVersion = driverVersion;
        this.nvrtcMajor = nvrtcMajor;
        this.nvrtcMinor = nvrtcMinor;
        this.totalBytes = totalBytes;
        this.context = context;
    }

    /** Looks for the device once per JVM. */
    static synchronized Probe probe() {
        if (cached == null) {
            cached = find();
        }
        return cached;
    }

    private static Probe find() {
        try {
            Loader.load(cudart.class);
        } catch (Throwable t) {
            return new Probe(null, CudaLibraries.loadFailureReason(t));
        }
        try {
            int code = cudart.cuInit(0);
            if (code == cudart.CUDA_ERROR_NO_DEVICE) {
                return new Probe(null, "no CUDA device: the driver is installed but cuInit reports CUDA_ERROR_NO_DEVICE "
                        + "(check nvidia-smi and CUDA_VISIBLE_DEVICES)");
            }
            if (code != cudart.CUDA_SUCCESS) {
                return new Probe(null, "the CUDA driver failed to initialise: cuInit returned " + CudaErrors.name(code));
            }
            int[] version = new int[1];
            check(cudart.cuDriverGetVersion(version), "cuDriverGetVersion");
            if (version[0] < MIN_DRIVER_VERSION) {
                return new Probe(null, "the NVIDIA driver supports CUDA " + version(version[0]) + ", need 13.x or newer "
                        + "(the bindings are built for CUDA 13.3); update the driver");
            }
            int[] count = new int[1];
            check(cudart.cuDeviceGetCount(count), "cuDeviceGetCount");
            if (count[0] == 0) {
                return new Probe(null, "no CUDA device: the driver (CUDA " + version(version[0]) + ") reports 0 devices");
            }
            int ordinal = Integer.getInteger("zerocost.cuda.device", 0);
            if (ordinal < 0 || ordinal >= count[0]) {
                return new Probe(null, "zerocost.cuda.device=" + ordinal + " but the driver reports " + count[0]
                        + " device(s), numbered from 0");
            }
            int[] nvrtcVersion = {0, 0};
            try {
                Loader.load(nvrtc.class);
                int[] major = new int[1];
                int[] minor = new int[1];
                CudaErrors.checkNvrtc(nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
                nvrtcVersion[0] = major[0];
                nvrtcVersion[1] = minor[0];
            } catch (Throwable t) {
                return new Probe(null, CudaLibraries.loadFailureReason(t));
            }
            if (nvrtcVersion[0] < 13) {
                return new Probe(null, "NVRTC is version " + nvrtcVersion[0] + "." + nvrtcVersion[1] + ", need 13.x");
            }
            return new Probe(open(ordinal, version[0], nvrtcVersion), null);
        } catch (RuntimeException | LinkageError e) {
            return new Probe(null, "CUDA probing failed: " + e.getMessage());
        }
    }

    private static CudaDevice open(int ordinal, int driverVersion, int[] nvrtcVersion) {
        int[] device = new int[1];
        check(cudart.cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        int[] major = new int[1];
        int[] minor = new int[1];
        check(cudart.cuDeviceGetAttribute(major, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device[0]),
                "cuDeviceGetAttribute(compute capability major)");
        check(cudart.cuDeviceGetAttribute(minor, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device[0]),
                "cuDeviceGetAttribute(compute capability minor)");
        byte[] name = new byte[256];
        check(cudart.cuDeviceGetName(name, name.length, device[0]), "cuDeviceGetName");
        long total;
        try (SizeTPointer bytes = new SizeTPointer(1)) {
            check(cudart.cuDeviceTotalMem(bytes, device[0]), "cuDeviceTotalMem");
            total = bytes.get();
        }
        CUctx_st context = new CUctx_st();
        check(cudart.cuDevicePrimaryCtxRetain(context, device[0]), "cuDevicePrimaryCtxRetain(" + ordinal + ")");
        return new CudaDevice(ordinal, cString(name), major[0], minor[0], driverVersion, nvrtcVersion[0],
                nvrtcVersion[1], total, context);
    }

    /** Makes the primary context current on the calling thread (once per thread). */
    void makeCurrent() {
        if (!current.get()) {
            check(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent(" + name + ")");
            current.set(true);
        }
    }

    /** The real architecture NVRTC compiles for, e.g. sm_90 for compute capability 9.0. */
    String architecture() {
        return "sm_" + major + minor;
    }

    static String version(int driverApiVersion) {
        return driverApiVersion / 1000 + "." + (driverApiVersion % 1000) / 10;
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
    }

    /** One line for logs and {@code Backend.device()}. */
    String describe() {
        return name + " (" + architecture() + ", " + (totalBytes >> 20) + " MiB, driver CUDA " + version(driverVersion)
                + ", NVRTC " + nvrtcMajor + "." + nvrtcMinor + ")";
    }
}
