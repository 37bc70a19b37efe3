package dev.zerocost.nasbench.scoring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.BackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The proxy fixtures of {@link ProxyParityTest} with networks, batches and every kernel on the
 * CUDA backend (module kernels): the same official values within the same tolerances. Skips,
 * with the reason printed, where CUDA is unavailable (no driver, no device, no NVRTC).
 */
class CudaProxyParityTest {
    @TestFactory
    Stream<DynamicTest> everyProxyMatchesTheOfficialCodeOnCuda() throws Exception {
        Optional<BackendProvider> provider = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst();
        String why = provider.isEmpty() ? "no cuda provider on the class path"
                : provider.get().unavailableReason().orElse(null);
        if (why != null) {
            /* a skipped dynamic test, not an aborted factory, so that the reports count the skip */
            String line = "CudaProxyParityTest skipped: CUDA unavailable: " + why;
            System.out.println(line);
            return Stream.of(DynamicTest.dynamicTest("CUDA available", () -> assumeTrue(false, line)));
        }
        Backend cuda = Backends.select("cuda");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : ProxyParityTest.records()) {
            tests.add(DynamicTest.dynamicTest("cuda " + ProxyParityTest.label(rec), () -> {
                Backend previous = Backends.use(cuda);
                try {
                    ProxyParityTest.check(rec);
                } finally {
                    Backends.use(previous);
                }
            }));
        }
        return tests.stream();
    }
}
