package dev.zerocost.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.io.NdArray;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Explicit buffer lifetimes (DESIGN.md example 8) on every available backend: a scope releases
 * what was allocated in it, the backend's live-byte counter returns to where it started, kept
 * buffers outlive the scope, and a released buffer fails loudly when used.
 */
class MemoryScopeTest {
    private Backend previous;

    static Stream<Backend> backends() {
        return Backends.providers().stream()
                .filter(p -> p.unavailableReason().isEmpty())
                .map(p -> Backends.select(p.name()));
    }

    @BeforeEach
    void rememberTheDefaultBackend() {
        previous = Backends.current();
    }

    @AfterEach
    void restoreTheDefaultBackend() {
        Backends.use(previous);
    }

    private static Tensor upload(Backend backend, double... values) {
        return Tensor.of(backend, new NdArray(DType.FLOAT64, new int[] {values.length}, values.clone()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void liveBytesCountEveryAllocationAtItsDtypeSize(Backend backend) {
        try (MemoryScope scope = MemoryScope.open()) {
            long start = backend.liveBytes();
            backend.allocate(DType.FLOAT32, 10);
            assertEquals(start + 40, backend.liveBytes());
            backend.allocate(DType.FLOAT64, 10);
            backend.allocate(DType.INT64, 3);
            assertEquals(start + 40 + 80 + 24, backend.liveBytes());
            assertEquals(3, scope.ownedCount());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void buffersAllocatedInAScopeAreReleasedWhenItCloses(Backend backend) {
        long start = backend.liveBytes();
        Tensor x;
        Tensor y;
        try (MemoryScope scope = MemoryScope.open()) {
            x = upload(backend, 1, 2, 3);
            y = x.mul(x).add(1.0);
            assertArrayEquals(new double[] {2, 5, 10}, y.toDoubleArray());
            assertTrue(backend.liveBytes() >= start + 3 * 8 * 3, "x, x*x and y are live inside the scope");
        }
        assertEquals(start, backend.liveBytes(), "live bytes return to their starting value");
        assertTrue(x.buffer().isReleased());
        assertTrue(y.buffer().isReleased());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aWholeForwardAndBackwardPassLeavesNoLiveBytesBehind(Backend backend) {
        Backends.use(backend);
        long start = backend.liveBytes();
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.full(0.5, DType.FLOAT32, 2, 3, 6, 6);
            Tensor w = Tensor.full(0.1, DType.FLOAT32, 4, 3, 3, 3).requiresGrad(true);
            Tensor h = Functional.conv2d(x, w, null, 1, 1);
            h = Functional.batchNorm2d(h, Tensor.zeros(4), Tensor.ones(4), null, null, true, 0.1, 1e-5).output();
            h = Functional.maxPool2d(Functional.relu(h), 2, 2, 0); // allocates int64 indices too
            Tensor loss = h.mul(h).sum();
            Tensor g = Autograd.grad(List.of(loss), List.of(w), null, true).get(0);
            Autograd.grad(g.sum(), List.of(w), false);
            assertTrue(scope.ownedCount() > 20, "the pass allocated " + scope.ownedCount() + " buffers in the scope");
        }
        assertEquals(start, backend.liveBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void keptBuffersSurviveTheScopeAndCanBeReleasedLater(Backend backend) {
        long start = backend.liveBytes();
        Tensor kept;
        Tensor dropped;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = upload(backend, 1, 2);
            kept = x.mul(x);
            dropped = x.add(x);
            scope.keep(kept.buffer());
        }
        assertFalse(kept.buffer().isReleased());
        assertTrue(dropped.buffer().isReleased());
        assertArrayEquals(new double[] {1, 4}, kept.toDoubleArray());
        assertEquals(start + kept.buffer().bytes(), backend.liveBytes());
        kept.buffer().release();
        kept.buffer().release(); // releasing twice is harmless and counts once
        assertEquals(start, backend.liveBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aBufferKeptByAnInnerScopeBelongsToTheOuterScope(Backend backend) {
        long start = backend.liveBytes();
        Tensor y;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                y = upload(backend, 3, 4).mul(2.0);
                inner.keep(y.buffer());
            }
            assertFalse(y.buffer().isReleased());
            assertArrayEquals(new double[] {6, 8}, y.toDoubleArray());
        }
        assertTrue(y.buffer().isReleased(), "the outer scope releases what the inner one kept");
        assertEquals(start, backend.liveBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void usingAReleasedBufferFailsWithAMessageThatSaysWhatToDo(Backend backend) {
        Tensor x;
        try (MemoryScope scope = MemoryScope.open()) {
            x = upload(backend, 1, 2, 3);
        }
        IllegalStateException read = assertThrows(IllegalStateException.class, x::toDoubleArray);
        assertTrue(read.getMessage().contains("after its memory scope closed"), read.getMessage());
        assertTrue(read.getMessage().contains("keep()"), read.getMessage());
        assertThrows(IllegalStateException.class, () -> x.add(1.0), "kernels refuse released inputs too");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void buffersAllocatedOutsideAnyScopeAreNotReleasedByOne(Backend backend) {
        Tensor outside = upload(backend, 5);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor inside = outside.mul(2.0);
            assertEquals(1, scope.ownedCount());
            assertEquals(10, inside.item());
        }
        assertFalse(outside.buffer().isReleased());
        assertEquals(5, outside.item());
        outside.buffer().release();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closingAnOuterScopeFirstIsRefusedAndLeavesBothScopesUsable(Backend backend) {
        long start = backend.liveBytes();
        MemoryScope outer = MemoryScope.open();
        Tensor a = upload(backend, 1);
        MemoryScope inner = MemoryScope.open();
        Tensor b = upload(backend, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        inner.close();
        assertTrue(b.buffer().isReleased());
        assertFalse(a.buffer().isReleased());
        outer.close();
        assertTrue(a.buffer().isReleased(), "the outer scope still releases its buffers after the refused close");
        assertEquals(start, backend.liveBytes());
        Tensor after = upload(backend, 3);
        try (MemoryScope probe = MemoryScope.open()) {
            assertEquals(0, probe.ownedCount());
        }
        assertFalse(after.buffer().isReleased(), "no closed scope is left current on this thread");
        after.buffer().release();
    }

    @org.junit.jupiter.api.Test
    void unreachableCpuTemporariesAreCollectedBeforeTheirScopeCloses() {
        Backend cpu = new dev.zerocost.engine.cpu.CpuBackend();
        long chunk = 64L << 20;
        long rounds = 2 * Runtime.getRuntime().maxMemory() / chunk + 2; // twice the heap in all
        long before = cpu.liveBytes();
        try (MemoryScope scope = MemoryScope.open()) {
            Buffer kept = cpu.allocate(DType.FLOAT32, 16);
            for (long i = 0; i < rounds; i++) {
                Buffer temporary = cpu.allocate(DType.FLOAT32, chunk / 4);
                cpu.fill(temporary, 1.0);
            }
            assertFalse(kept.isReleased(), "a reachable buffer stays until the scope closes");
            assertEquals(rounds + 1, scope.ownedCount());
        }
        assertEquals(before, cpu.liveBytes(), "collected and released buffers are both settled at close");
    }
}
