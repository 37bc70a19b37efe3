package dev.zerocost.kernels.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.Optional;

/** The OpenCL backend for tests, or a skip with a printed reason when this machine has no OpenCL device. */
final class OpenClTesting {
    private OpenClTesting() {
    }

    /** The "opencl" backend as Backends finds it; aborts the calling test (skipped, never green) without a device. */
    static Backend backendOrSkip(String test) {
        BackendProvider provider = Backends.providers().stream()
                .filter(p -> p.name().equals("opencl")).findFirst().orElse(null);
        assumeTrue(provider != null, () -> skip(test, "no provider named opencl on the class path"));
        Optional<String> why = provider.unavailableReason();
        assumeTrue(why.isEmpty(), () -> skip(test, why.orElse("")));
        return Backends.select("opencl");
    }

    private static String skip(String test, String reason) {
        String line = test + " skipped: no OpenCL device: " + reason;
        System.out.println(line);
        return line;
    }
}
