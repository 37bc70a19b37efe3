package dev.zerocost.kernels;

import dev.zerocost.engine.Backends;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.random.TorchGenerator;
import java.util.List;

/** A small conv net's forward and backward pass, the workload of the memory-scope tests of every native backend. */
public final class SmallConvNet {
    private SmallConvNet() {
    }

    /** Loss and the gradient of every parameter (conv, BN scale and shift, classifier), on one backend. */
    public static double[][] lossAndGradients(Backend backend) {
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
}
