package dev.zerocost.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.backend.MemoryScope;
import dev.zerocost.engine.cpu.CpuReferenceBackend;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.random.TorchGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device memory lives in scopes (DESIGN.md example 8): after the forward and backward pass of a
 * small conv net on OpenCL, closing the scope returns the backend's live bytes to where they
 * started. The same net on the CPU reference gives the same loss and gradients.
 */
class OpenClMemoryScopeTest {
    /** Loss and the gradient of every parameter (conv, BN scale and shift, classifier), on one backend. */
    private static double[][] lossAndGradients(Backend backend) {
        Backend previous = Backends.use(backend);
        try {
            TorchGenerator g = TorchGenerator.manualSeed(11);
            float[] xv = new float[4 * 3 * 9 * 9];
            float[] wv = new float[6 * 3 * 3 * 3];
            float[] lv = new float[5 * 6];
            g.randInRange(xv, -1, 1);
            g.randInRange(wv, -0.5, 0.5);
            g.randInRange(lv, -0.5, 0.5);
            Tensor x = Tensor.of(backend, new NdArray(DType.FLOAT32, new int[] {4, 3, 9, 9}, xv));
            Tensor w = Tensor.of(backend, new NdArray(DType.FLOAT32, new int[] {6, 3, 3, 3}, wv)).requiresGrad(true);
            Tensor gamma = Tensor.ones(DType.FLOAT32, 6).requiresGrad(true);
            Tensor beta = Tensor.zeros(DType.FLOAT32, 6).requiresGrad(true);
            Tensor linear = Tensor.of(backend, new NdArray(DType.FLOAT32, new int[] {5, 6}, lv)).requiresGrad(true);
            Tensor y = Functional.conv2d(x, w, null, 2, 1);
            y = Functional.batchNorm2d(y, null, null, gamma, beta, true, 0.1, 1e-5).output();
            y = Functional.relu(y);
            y = Functional.maxPool2d(y, 3, 1, 1).add(Functional.avgPool2d(y, 3, 1, 1, false));
            y = Functional.adaptiveAvgPool2d(y, 1, 1).flatten(1);
            Tensor loss = Functional.crossEntropy(Functional.linear(y, linear, null), Tensor.ofLongs(new long[] {0, 1, 2, 4}, 4));
            List<Tensor> grads = Autograd.grad(List.of(loss), List.of(w, gamma, beta, linear), null, false);
            double[][] out = new double[1 + grads.size()][];
            out[0] = new double[] {loss.item()};
            for (int i = 0; i < grads.size(); i++) {
                out[i + 1] = grads.get(i).toDoubleArray();
            }
            return out;
        } finally {
            Backends.use(previous);
        }
    }

    @Test
    void aScopeReturnsEveryByteOfAConvNetsForwardAndBackwardPass() {
        Backend cl = OpenClTesting.backendOrSkip("OpenClMemoryScopeTest");
        long start = cl.liveBytes();
        double[][] got;
        try (MemoryScope scope = MemoryScope.open()) {
            got = lossAndGradients(cl);
            assertTrue(cl.liveBytes() > start, "the pass holds device memory inside the scope");
            assertTrue(scope.ownedCount() > 20, "the scope owns the pass's buffers, " + scope.ownedCount());
        }
        assertEquals(start, cl.liveBytes(), "live bytes after the scope closed");

        double[][] expected;
        try (MemoryScope scope = MemoryScope.open()) {
            expected = lossAndGradients(new CpuReferenceBackend());
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
