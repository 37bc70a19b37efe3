package dev.zerocost.kernels.opencl;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.conformance.OpFixtureTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's op conformance suite ({@link OpFixtureTest}: PyTorch golden values, forward,
 * gradients, running statistics, Hessian-vector products) on the OpenCL backend, with the
 * suite's own tolerances.
 */
class OpenClConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyFixtureCaseMatchesPyTorchOnOpenCl() {
        Backend backend = OpenClTesting.backendOrSkip("OpenClConformanceTest");
        System.out.println("OpenClConformanceTest runs on " + backend.device());
        return OpFixtureTest.casesOn(backend);
    }

    @AfterAll
    static void printWorstErrors() {
        OpFixtureTest.printWorstErrors();
    }
}
