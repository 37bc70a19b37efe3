package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.BackendProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CUDA provider on a machine without the NVIDIA driver (as CI): it is listed, says exactly
 * why it cannot be used, and choosing it by name is an error with that reason, while the CPU
 * backend is unaffected. Skips with a printed reason where libcuda.so.1 exists.
 */
class CudaAvailabilityTest {
    private static BackendProvider cudaProvider() {
        return Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                .orElseThrow(() -> new AssertionError("no cuda provider registered; providers: "
                        + Backends.providers().stream().map(BackendProvider::name).toList()));
    }

    @Test
    void theCudaProviderIsRegisteredAndRanksAboveOpenCl() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).toList();
        assertTrue(names.contains("cuda"), "providers: " + names);
        assertEquals(CudaProvider.PRIORITY, cudaProvider().priority());
        assertTrue(CudaProvider.PRIORITY > 10, "CUDA outranks an OpenCL GPU (priority 10) for auto");
    }

    @Test
    void withoutTheDriverCudaSaysWhyAndTheCpuBackendStillWorks() {
        Optional<Path> driver = CudaLibraries.findDriver();
        if (driver.isPresent()) {
            System.out.println("CudaAvailabilityTest skipped: this machine has " + driver.get()
                    + ", so the no-driver message cannot be checked here");
        }
        assumeTrue(driver.isEmpty(), "libcuda.so.1 present at " + driver.orElse(null));

        Optional<String> why = cudaProvider().unavailableReason();
        assertEquals(Optional.of("CUDA driver library libcuda.so.1 not found (no NVIDIA driver installed)"), why);
        assertEquals(why, cudaProvider().unavailableReason(), "the reason is stable on a second probe");
        assertEquals(why.get(), Backends.skipped().get("cuda"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.select("cuda"));
        assertTrue(e.getMessage().contains("backend 'cuda' is not available") && e.getMessage().contains(why.get()),
                e.getMessage());
        assertEquals("cpu", Backends.select("cpu").name());
        assertTrue(!Backends.select("auto").name().equals("cuda"), "auto never picks an unavailable CUDA");
    }
}
