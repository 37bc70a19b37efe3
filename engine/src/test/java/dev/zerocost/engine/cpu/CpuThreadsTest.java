package dev.zerocost.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CpuThreadsTest {
    private int before;

    @BeforeEach
    void fourThreads() {
        before = CpuThreads.count();
        CpuThreads.setCount(4);
    }

    @AfterEach
    void restore() {
        CpuThreads.setCount(before);
    }

    @Test
    void everyIndexRunsExactlyOnceOverManyBackToBackLoops() {
        for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                CpuThreads.parallelFor(n, i -> hits.incrementAndGet(i));
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "n=" + n + " round " + round + " index " + i);
                }
            }
        }
    }

    @Test
    void writesOfTheWorkersAreVisibleToTheCallerWhenTheLoopReturns() {
        int[] out = new int[4096];
        for (int round = 1; round <= 100; round++) {
            int r = round;
            CpuThreads.parallelFor(out.length, i -> out[i] = i * r);
            for (int i = 0; i < out.length; i++) {
                assertEquals(i * r, out[i]);
            }
        }
    }

    @Test
    void aLoopUsesEveryThreadTheCallerIncludedWhenItsBodyTakesTime() {
        // each of the first four indices blocks until four have started, so four threads hold them
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(4);
        CpuThreads.parallelFor(8, i -> {
            threads.add(Thread.currentThread());
            all.countDown();
            try {
                all.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals(4, threads.size(), "threads used: " + threads);
        assertTrue(threads.contains(Thread.currentThread()), "the caller works on its own loop");
    }

    @Test
    void aFailureInTheBodyReachesTheCallerAsItself() {
        IllegalArgumentException boom = new IllegalArgumentException("index 37");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> CpuThreads.parallelFor(100, i -> {
                    if (i == 37) {
                        throw boom;
                    }
                }));
        assertSame(boom, thrown);
        int[] after = new int[10];
        CpuThreads.parallelFor(10, i -> after[i] = 1);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, after, "the pool still works after a failure");
    }

    @Test
    void nestedLoopsRunAndCoverEveryIndex() {
        AtomicIntegerArray hits = new AtomicIntegerArray(16 * 16);
        CpuThreads.parallelFor(16, i -> CpuThreads.parallelFor(16, j -> hits.incrementAndGet(i * 16 + j)));
        for (int k = 0; k < 256; k++) {
            assertEquals(1, hits.get(k), "index " + k);
        }
    }

    @Test
    void loopsStartedFromSeveralThreadsAtOnceAllComplete() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] futures = new Future<?>[3];
            for (int c = 0; c < 3; c++) {
                futures[c] = callers.submit(() -> {
                    for (int round = 0; round < 300; round++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(50);
                        CpuThreads.parallelFor(50, hits::incrementAndGet);
                        for (int i = 0; i < 50; i++) {
                            assertEquals(1, hits.get(i));
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aLoopAfterTheWorkersParkedStillRuns() throws InterruptedException {
        CpuThreads.parallelFor(4, i -> { });
        Thread.sleep(50);
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        CpuThreads.parallelFor(4, hits::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void changingTheThreadCountReplacesTheWorkers() {
        CpuThreads.setCount(1);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CpuThreads.parallelFor(20, i -> threads.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), threads, "one thread: the caller alone");
        CpuThreads.setCount(3);
        AtomicIntegerArray hits = new AtomicIntegerArray(20);
        CpuThreads.parallelFor(20, hits::incrementAndGet);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, hits.get(i));
        }
        assertThrows(IllegalArgumentException.class, () -> CpuThreads.setCount(0));
    }
}
