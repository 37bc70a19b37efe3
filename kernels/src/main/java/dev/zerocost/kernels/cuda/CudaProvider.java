package dev.zerocost.kernels.cuda;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.Optional;

/**
 * Offers the CUDA backend to {@code Backends}, first in line for "auto" (priority 20, above an
 * OpenCL GPU's 10). Without the NVIDIA driver, CUDA 13 libraries, NVRTC or a device it reports
 * why instead of throwing: anything thrown while loading the JavaCPP bindings (an
 * UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError) becomes that reason,
 * so the jar can always sit on the class path beside the other backends.
 */
public final class CudaProvider implements BackendProvider {
    /** Above OpenCL's GPU priority (10) and the CPU's. */
    static final int PRIORITY = 20;

    private static volatile String failure;

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(probe().unavailableReason());
    }

    @Override
    public Backend create() {
        CudaDevice.Probe probe = probe();
        if (probe.device() == null) {
            throw new IllegalStateException("the CUDA backend is not available: " + probe.unavailableReason());
        }
        return new CudaBackend(probe.device());
    }

    /** The device probe; a throwable from linking CudaDevice itself (missing bindings) becomes the reason. */
    private static CudaDevice.Probe probe() {
        if (failure != null) {
            return new CudaDevice.Probe(null, failure);
        }
        try {
            return CudaDevice.probe();
        } catch (Throwable t) {
            failure = CudaLibraries.loadFailureReason(t);
            return new CudaDevice.Probe(null, failure);
        }
    }
}
