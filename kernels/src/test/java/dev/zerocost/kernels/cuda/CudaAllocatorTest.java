package dev.zerocost.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caching allocator's size classes, reuse and trimming, on a fake device memory (no GPU needed). */
class CudaAllocatorTest {
    /** Hands out fake addresses, refusing beyond a capacity, and records frees and synchronizations. */
    static final class FakeMemory implements CudaAllocator.Memory {
        final long capacity;
        long used;
        long next = 0x1000;
        int synchronizations;
        final Set<Long> freed = new HashSet<>();
        final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();

        FakeMemory(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                return 0;
            }
            used += bytes;
            long address = next;
            next += bytes;
            sizes.put(address, bytes);
            return address;
        }

        @Override
        public void free(long address) {
            assertTrue(freed.add(address), "freed twice: " + address);
            used -= sizes.get(address);
        }

        @Override
        public void synchronize() {
            synchronizations++;
        }
    }

    @Test
    void sizeClassesWasteAtMostAQuarter() {
        assertEquals(512, CudaAllocator.sizeClass(0));
        assertEquals(512, CudaAllocator.sizeClass(512));
        assertEquals(1024, CudaAllocator.sizeClass(513));
        assertEquals(5L << 18, CudaAllocator.sizeClass((1L << 20) + 1));
        for (long bytes = 1; bytes < (1L << 34); bytes = bytes * 3 + 7) {
            long size = CudaAllocator.sizeClass(bytes);
            assertTrue(size >= bytes && (bytes <= 512 || size <= bytes * 1.25 + 512), bytes + " -> " + size);
            assertEquals(size, CudaAllocator.sizeClass(size), "a class is its own class");
        }
    }

    @Test
    void releasedBlocksServeTheNextRequestOfTheirClass() {
        FakeMemory memory = new FakeMemory(1L << 30);
        CudaAllocator allocator = new CudaAllocator(memory);
        CudaAllocator.Block a = allocator.allocate(1000);
        CudaAllocator.Block b = allocator.allocate(100_000);
        assertEquals(1024 + CudaAllocator.sizeClass(100_000), allocator.reservedBytes());
        allocator.release(a);
        allocator.release(b);
        assertEquals(allocator.reservedBytes(), allocator.cachedBytes());
        CudaAllocator.Block again = allocator.allocate(900);
        assertEquals(a.address(), again.address(), "same class, same block");
        assertEquals(1, allocator.reuses());
        assertEquals(1024 + CudaAllocator.sizeClass(100_000), allocator.reservedBytes(), "nothing new from the device");
        allocator.release(again);
        allocator.trim();
        assertEquals(0, allocator.reservedBytes());
        assertEquals(0, allocator.cachedBytes());
        assertEquals(0, memory.used, "every byte went back to the device");
        assertEquals(1, memory.synchronizations, "the stream is drained before blocks go back");
    }

    @Test
    void runningOutOfMemoryTrimsTheCacheBeforeGivingUp() {
        FakeMemory memory = new FakeMemory(4096);
        CudaAllocator allocator = new CudaAllocator(memory);
        allocator.release(allocator.allocate(3000));
        CudaAllocator.Block big = allocator.allocate(4000);
        assertEquals(4096, big.bytes());
        assertEquals(1, memory.freed.size(), "the cached 3 KiB block was returned to make room");
        CudaErrors.CudaException e = assertThrows(CudaErrors.CudaException.class, () -> allocator.allocate(100));
        assertTrue(e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY") && e.getMessage().contains("smaller batch"),
                e.getMessage());
    }
}
