package dev.zerocost.kernels.opencl;

import static dev.zerocost.kernels.opencl.OpenClErrors.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL device this backend runs on: the one whose name contains the system property
 * {@code zerocost.opencl.device} if set, else the first GPU or accelerator, else the first device
 * of any type (e.g. pocl's CPU device). Probing never throws: {@link #probe()} returns either a
 * device or the reason there is none.
 */
record OpenClDevice(cl_platform_id platform, cl_device_id device, String name, String platformName,
                    String version, boolean fp64, boolean gpu) {

    /** A device, or why none can be used. */
    record Probe(OpenClDevice device, String unavailableReason) {
    }

    private static Probe cached;

    /** Looks for a device once per JVM. */
    static synchronized Probe probe() {
        if (cached == null) {
            cached = find();
        }
        return cached;
    }

    private static Probe find() {
        try {
            int[] count = new int[1];
            int code = CL.clGetPlatformIDs(0, null, count);
            if (code != CL.CL_SUCCESS || count[0] == 0) {
                return new Probe(null, "no OpenCL platform is installed (" + (code == CL.CL_SUCCESS ? "0 platforms"
                        : OpenClErrors.name(code)) + "); install an ICD such as Debian's pocl-opencl-icd");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
            List<OpenClDevice> all = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                int[] n = new int[1];
                if (CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, n) != CL.CL_SUCCESS || n[0] == 0) {
                    continue;
                }
                cl_device_id[] devices = new cl_device_id[n[0]];
                check(CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, devices.length, devices, null), "clGetDeviceIDs");
                for (cl_device_id d : devices) {
                    all.add(describe(p, d));
                }
            }
            if (all.isEmpty()) {
                return new Probe(null, platforms.length + " OpenCL platform(s) but no device");
            }
            String wanted = System.getProperty("zerocost.opencl.device", "").trim().toLowerCase(Locale.ROOT);
            if (!wanted.isEmpty()) {
                for (OpenClDevice d : all) {
                    if (d.name.toLowerCase(Locale.ROOT).contains(wanted)) {
                        return new Probe(d, null);
                    }
                }
                return new Probe(null, "no OpenCL device name contains '" + wanted + "' (zerocost.opencl.device); found "
                        + all.stream().map(OpenClDevice::name).toList());
            }
            return new Probe(all.stream().filter(OpenClDevice::gpu).findFirst().orElse(all.get(0)), null);
        } catch (LinkageError e) {
            return new Probe(null, "the OpenCL loader could not be loaded (" + e.getMessage()
                    + "); install libOpenCL.so.1 (Debian: ocl-icd-libopencl1) and a driver such as pocl-opencl-icd");
        } catch (RuntimeException e) {
            return new Probe(null, "OpenCL probing failed: " + e.getMessage());
        }
    }

    private static OpenClDevice describe(cl_platform_id p, cl_device_id d) {
        long[] type = new long[1];
        check(CL.clGetDeviceInfo(d, CL.CL_DEVICE_TYPE, Sizeof.cl_ulong, Pointer.to(type), null), "clGetDeviceInfo(TYPE)");
        long[] doubleConfig = new long[1];
        int code = CL.clGetDeviceInfo(d, CL.CL_DEVICE_DOUBLE_FP_CONFIG, Sizeof.cl_ulong, Pointer.to(doubleConfig), null);
        String extensions = deviceString(d, CL.CL_DEVICE_EXTENSIONS);
        boolean fp64 = extensions.contains("cl_khr_fp64") || (code == CL.CL_SUCCESS && doubleConfig[0] != 0);
        boolean gpu = (type[0] & (CL.CL_DEVICE_TYPE_GPU | CL.CL_DEVICE_TYPE_ACCELERATOR)) != 0;
        return new OpenClDevice(p, d, deviceString(d, CL.CL_DEVICE_NAME).trim(), platformString(p, CL.CL_PLATFORM_NAME).trim(),
                deviceString(d, CL.CL_DEVICE_VERSION).trim(), fp64, gpu);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        check(CL.clGetDeviceInfo(d, param, 0, null, size), "clGetDeviceInfo(" + param + ")");
        byte[] bytes = new byte[(int) size[0]];
        check(CL.clGetDeviceInfo(d, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo(" + param + ")");
        return cString(bytes);
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        check(CL.clGetPlatformInfo(p, param, 0, null, size), "clGetPlatformInfo(" + param + ")");
        byte[] bytes = new byte[(int) size[0]];
        check(CL.clGetPlatformInfo(p, param, bytes.length, Pointer.to(bytes), null), "clGetPlatformInfo(" + param + ")");
        return cString(bytes);
    }

    static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** One line for logs and {@code Backend.device()}. */
    String describe() {
        return name + " (" + platformName + ", " + version + (gpu ? ", GPU" : ", CPU") + (fp64 ? ", fp64" : ", no fp64") + ")";
    }
}
