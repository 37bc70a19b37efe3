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
 * OpenCL backend (module kernels; in CI pocl's CPU device): the same official values within the
 * same tolerances. Skips, with the reason printed, where no OpenCL device is available.
 */
class OpenClProxyParityTest {
    @TestFactory
    Stream<DynamicTest> everyProxyMatchesTheOfficialCodeOnOpenCl() throws Exception {
        Optional<BackendProvider> provider = Backends.providers().stream().filter(p -> p.name().equals("opencl")).findFirst();
        String why = provider.isEmpty() ? "no opencl provider on the class path"
                : provider.get().unavailableReason().orElse(null);
        if (why != null) {
            System.out.println("OpenClProxyParityTest skipped: no OpenCL device: " + why);
        }
        assumeTrue(why == null, "no OpenCL device: " + why);
        Backend opencl = Backends.select("opencl");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode rec : ProxyParityTest.records()) {
            tests.add(DynamicTest.dynamicTest("opencl " + ProxyParityTest.label(rec), () -> {
                Backend previous = Backends.use(opencl);
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
