package dev.zerocost.engine.backend;

import java.util.Optional;

/**
 * Found with {@link java.util.ServiceLoader}: one per backend implementation. A provider whose
 * driver or device is missing reports why instead of throwing, so every backend can sit on the
 * class path at once.
 */
public interface BackendProvider {
    String name();

    /** Larger is preferred by "auto" selection; a constant, so ordering providers probes nothing. */
    int priority();

    /**
     * Whether "auto" may pick this backend once it is available (asked only then, so it may probe):
     * the scalar reference backend, or an OpenCL device on the CPU, is usable by name only.
     */
    default boolean autoSelectable() {
        return true;
    }

    /** Empty when usable, else the reason it is not (no driver, no device, ...). */
    Optional<String> unavailableReason();

    Backend create();
}
