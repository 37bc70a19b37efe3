package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.engine.cpu.CpuReferenceBackend;
import dev.zerocost.kernels.SmallConvNet;
import org.junit.jupiter.api.Test;

/**
 * Device memory lives in per-architecture scopes (DESIGN.md example 8): after the forward and
 * backward pass of a small conv net on CUDA, closing the scope returns the live bytes to where
 * they started, the freed blocks serve the next pass from the allocator's cache, and emptying the
 * cache gives them back to the driver. The net agrees with the CPU reference.
 */
class CudaMemoryScopeTest {
    @Test
    void aScopeReturnsEveryByteAndTheCacheServesTheNextPass() {
        CudaBackend cuda = CudaTesting.backendOrSkip("CudaMemoryScopeTest");
        long start = cuda.liveBytes();
        double[][] got;
        try (MemoryScope scope = MemoryScope.open()) {
            got = SmallConvNet.lossAndGradients(cuda);
            assertTrue(cuda.liveBytes() > start, "the pass holds device memory inside the scope");
            assertTrue(scope.ownedCount() > 20, "the scope owns the pass's buffers, " + scope.ownedCount());
        }
        assertEquals(start, cuda.liveBytes(), "live bytes after the scope closed");
        assertTrue(cuda.cachedBytes() > 0, "released blocks are cached for the next architecture");

        long reusesBefore = cuda.cacheReuses();
        long reservedBefore = cuda.reservedBytes();
        try (MemoryScope scope = MemoryScope.open()) {
            SmallConvNet.lossAndGradients(cuda);
        }
        assertEquals(start, cuda.liveBytes(), "live bytes after the second scope closed");
        assertTrue(cuda.cacheReuses() > reusesBefore, "the second pass reused cached blocks");
        assertEquals(reservedBefore, cuda.reservedBytes(), "the same pass again needs no new device memory");

        long cached = cuda.cachedBytes();
        cuda.emptyCache();
        assertEquals(0, cuda.cachedBytes(), "an emptied cache holds nothing");
        assertEquals(reservedBefore - cached, cuda.reservedBytes(), "emptying gives the cached bytes back to the driver");

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
