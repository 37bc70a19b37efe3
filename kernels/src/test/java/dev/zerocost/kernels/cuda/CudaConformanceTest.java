package dev.zerocost.kernels.cuda;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.conformance.OpFixtureTest;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's op conformance suite ({@link OpFixtureTest}: PyTorch golden values, forward,
 * gradients, running statistics, Hessian-vector products) on the CUDA backend, with the suite's
 * own tolerances.
 */
class CudaConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyFixtureCaseMatchesPyTorchOnCuda() {
        Optional<String> why = CudaTesting.unavailable();
        if (why.isPresent()) {
            return CudaTesting.skippedFactory("CudaConformanceTest", why.get());
        }
        Backend backend = CudaTesting.backendOrSkip("CudaConformanceTest");
        System.out.println("CudaConformanceTest runs on " + backend.device());
        return OpFixtureTest.casesOn(backend);
    }

    @AfterAll
    static void printWorstErrors() {
        OpFixtureTest.printWorstErrors();
    }
}
