package dev.zerocost.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.engine.cpu.CpuReferenceBackend;
import dev.zerocost.kernels.SmallConvNet;
import org.junit.jupiter.api.Test;

/**
 * Device memory lives in scopes (DESIGN.md example 8): after the forward and backward pass of a
 * small conv net on OpenCL, closing the scope returns the backend's live bytes to where they
 * started. The same net on the CPU reference gives the same loss and gradients.
 */
class OpenClMemoryScopeTest {
    @Test
    void aScopeReturnsEveryByteOfAConvNetsForwardAndBackwardPass() {
        Backend cl = OpenClTesting.backendOrSkip("OpenClMemoryScopeTest");
        long start = cl.liveBytes();
        double[][] got;
        try (MemoryScope scope = MemoryScope.open()) {
            got = SmallConvNet.lossAndGradients(cl);
            assertTrue(cl.liveBytes() > start, "the pass holds device memory inside the scope");
            assertTrue(scope.ownedCount() > 20, "the scope owns the pass's buffers, " + scope.ownedCount());
        }
        assertEquals(start, cl.liveBytes(), "live bytes after the scope closed");

        double[][] expected;
        try (MemoryScope scope = MemoryScope.open()) {
            expected = SmallConvNet.lossAndGradients(new CpuReferenceBackend());
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, got[i].length);
            for (int k = 0; k < expected[i].length; k++) {
                assertEquals(expected[i][k], got[i][k], 1e-6 * Math.max(1, Math.abs(expected[i][k])),
                        (i == 0 ? "loss" : "gradient " + i) + " element " + k);
            }
        }
    }
}
