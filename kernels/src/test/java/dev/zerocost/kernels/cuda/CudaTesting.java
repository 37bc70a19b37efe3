package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** The CUDA backend for tests, or a skip with a printed reason when this machine cannot run it. */
final class CudaTesting {
    private CudaTesting() {
    }

    /** The "cuda" backend as Backends finds it; aborts the calling test (skipped, never green) without one. */
    static CudaBackend backendOrSkip(String test) {
        BackendProvider provider = Backends.providers().stream()
                .filter(p -> p.name().equals("cuda")).findFirst().orElse(null);
        assumeTrue(provider != null, () -> skip(test, "no provider named cuda on the class path"));
        Optional<String> why = provider.unavailableReason();
        assumeTrue(why.isEmpty(), () -> skip(test, why.orElse("")));
        Backend backend = Backends.select("cuda");
        return (CudaBackend) backend;
    }

    /** Why the "cuda" backend cannot be used here, or empty when it can. */
    static Optional<String> unavailable() {
        BackendProvider provider = Backends.providers().stream()
                .filter(p -> p.name().equals("cuda")).findFirst().orElse(null);
        return provider == null ? Optional.of("no provider named cuda on the class path") : provider.unavailableReason();
    }

    /** A single skipped dynamic test, so that reports count the skip of a whole test factory. */
    static Stream<DynamicTest> skippedFactory(String test, String reason) {
        String line = skip(test, reason);
        return Stream.of(DynamicTest.dynamicTest("CUDA available", () -> assumeTrue(false, line)));
    }

    private static String skip(String test, String reason) {
        String line = test + " skipped: CUDA unavailable: " + reason;
        System.out.println(line);
        return line;
    }
}
