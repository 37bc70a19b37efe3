package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Functional;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link InferCell} computes a node's ReLU once for all the convolution ops leaving it, unless a
 * hook is on one of them. Both paths must give the same network: the same logits bit for bit, the
 * same parameter gradients up to the order in which the ops' input gradients are summed, and a
 * hook on an op's ReLU must still see one call per edge.
 */
class SharedReluTest {
    private static final int BATCH = 4;
    private static final int SIZE = 16;

    @ParameterizedTest
    @ValueSource(strings = {
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
            "|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|none~1|nor_conv_3x3~2|"})
    void sharedAndHookedReluGiveTheSameNetwork(String archString) {
        Nb201Network net = Networks.torchInit(new Nb201Network(Arch.parse(archString), 4, 1, 10), 7);
        List<ReluConvBn> convOps = convOps(net);
        assertFalse(convOps.isEmpty(), archString);
        convOps.forEach(op -> assertTrue(op.sharesRelu(), "an op without hooks shares its node's ReLU"));

        Run shared = run(net);

        int[] calls = new int[1];
        List<Runnable> removers = new ArrayList<>();
        for (ReluConvBn op : convOps) {
            removers.add(op.op().get(0).addForwardHook((m, in, out) -> calls[0]++));
        }
        convOps.forEach(op -> assertFalse(op.sharesRelu(), "an op whose ReLU is hooked runs whole"));
        Run whole = run(net);
        assertEquals(convOps.size(), calls[0], "each hooked ReLU is called once per edge");

        assertArrayEquals(whole.logits, shared.logits, 0.0, archString + ": logits");
        assertEquals(whole.grads.size(), shared.grads.size());
        for (int p = 0; p < whole.grads.size(); p++) {
            double[] a = whole.grads.get(p);
            double[] b = shared.grads.get(p);
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(a, b, 1e-5 * scale, archString + ": gradient of parameter " + p);
        }

        removers.forEach(Runnable::run);
        convOps.forEach(op -> assertTrue(op.sharesRelu(), "removing the hooks restores sharing"));
    }

    private record Run(double[] logits, List<double[]> grads) {
    }

    private static Run run(Nb201Network net) {
        TorchGenerator g = TorchGenerator.manualSeed(11);
        float[] x = new float[BATCH * 3 * SIZE * SIZE];
        g.randInRange(x, -2, 2);
        long[] labels = new long[BATCH];
        g.randIntBelow(labels, 10);
        net.train(true);
        Tensor logits = net.call(Tensor.of(new NdArray(DType.FLOAT32, new int[] {BATCH, 3, SIZE, SIZE}, x)));
        Tensor loss = Functional.crossEntropy(logits, Tensor.ofLongs(labels, BATCH));
        List<Tensor> grads = Autograd.grad(loss, new ArrayList<>(net.namedParameters().values()), false);
        List<double[]> values = new ArrayList<>();
        for (Tensor t : grads) {
            values.add(NetworkFixtures.values(t));
        }
        return new Run(NetworkFixtures.values(logits), values);
    }

    private static List<ReluConvBn> convOps(Nb201Network net) {
        List<ReluConvBn> ops = new ArrayList<>();
        for (Module m : net.namedModules().values()) {
            if (m instanceof InferCell cell) {
                for (int e = 0; e < Arch.EDGES; e++) {
                    if (cell.layer(e) instanceof ReluConvBn op) {
                        ops.add(op);
                    }
                }
            }
        }
        return ops;
    }
}
