package dev.zerocost.kernels.opencl;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.Optional;

/**
 * Offers the OpenCL backend to {@code Backends}. Without libOpenCL, a platform or a device it
 * reports why instead of throwing, so the jar can always sit on the class path. A GPU or
 * accelerator ranks between CUDA and the CPU for "auto"; an OpenCL device on the CPU (pocl) is
 * selectable by name only, because the pure-Java CPU backend is faster than these simple kernels.
 */
public final class OpenClProvider implements BackendProvider {
    @Override
    public String name() {
        return "opencl";
    }

    /** Between CUDA (20) and the CPU; constant, so listing providers does not load OpenCL. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean autoSelectable() {
        OpenClDevice device = OpenClDevice.probe().device();
        return device != null && device.gpu();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(OpenClDevice.probe().unavailableReason());
    }

    @Override
    public Backend create() {
        OpenClDevice.Probe probe = OpenClDevice.probe();
        if (probe.device() == null) {
            throw new IllegalStateException("the OpenCL backend is not available: " + probe.unavailableReason());
        }
        return new OpenClBackend(probe.device());
    }
}
