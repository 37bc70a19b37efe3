package dev.zerocost.nasbench.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.zerocost.engine.DType;
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
 * {@link InferCell} computes a node's ReLU once for all the convolution ops leaving it. Against
 * the cell computed op by op (each op called whole on its source node, node j the sum of its
 * edges in source order): the same output bit for bit, the same parameter gradients up to the
 * order in which the ops' input gradients are summed (5e-7 of the largest; measured 1.0e-7), and every hook on an op, its chain and its
 * ReLU still runs once per edge, on the values a whole call gives.
 */
class SharedReluTest {
    private static final int BATCH = 4;
    private static final int CHANNELS = 4;
    private static final int SIZE = 8;

    @ParameterizedTest
    @ValueSource(strings = {
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|",
            "|nor_conv_1x1~0|+|avg_pool_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|none~1|nor_conv_3x3~2|"})
    void theSharedReluCellIsTheCellComputedOpByOp(String archString) {
        Arch arch = Arch.parse(archString);
        InferCell cell = Networks.torchInit(new InferCell(arch, CHANNELS), 7);
        cell.train(true);
        List<ReluConvBn> convs = new ArrayList<>();
        for (int e = 0; e < Arch.EDGES; e++) {
            if (cell.layer(e) instanceof ReluConvBn op) {
                convs.add(op);
            }
        }
        assertFalse(convs.isEmpty(), archString);
        float[] x = new float[BATCH * CHANNELS * SIZE * SIZE];
        TorchGenerator.manualSeed(11).randInRange(x, -2, 2);
        float[] r = new float[x.length];
        TorchGenerator.manualSeed(12).randInRange(r, -1, 1);
        Tensor upstream = Tensor.of(new NdArray(DType.FLOAT32, new int[] {BATCH, CHANNELS, SIZE, SIZE}, r));

        // hooks on every op, chain and ReLU record what they see
        List<Object[]> seen = new ArrayList<>();
        List<Runnable> removers = new ArrayList<>();
        for (ReluConvBn op : convs) {
            for (Module m : new Module[] {op, op.op(), op.op().get(0)}) {
                removers.add(m.addForwardHook((mod, in, out) -> seen.add(new Object[] {mod, in, out})));
            }
        }
        Tensor input = input(x);
        Tensor shared = cell.call(input);
        List<Object[]> sharedSeen = new ArrayList<>(seen);
        seen.clear();
        Tensor whole = opByOp(cell, input(x));
        removers.forEach(Runnable::run);

        assertArrayEquals(NetworkFixtures.values(whole), NetworkFixtures.values(shared), 0.0, archString + ": cell output");
        assertEquals(3 * convs.size(), sharedSeen.size(), "each op, chain and ReLU hook runs once per edge");
        assertEquals(seen.size(), sharedSeen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertSame(seen.get(i)[0], sharedSeen.get(i)[0], "hook " + i + ": same module, same order");
            assertArrayEquals(NetworkFixtures.values((Tensor) seen.get(i)[1]), NetworkFixtures.values((Tensor) sharedSeen.get(i)[1]),
                    0.0, "hook " + i + ": input");
            assertArrayEquals(NetworkFixtures.values((Tensor) seen.get(i)[2]), NetworkFixtures.values((Tensor) sharedSeen.get(i)[2]),
                    0.0, "hook " + i + ": output");
        }

        List<Tensor> params = new ArrayList<>(cell.namedParameters().values());
        params.add(input);
        List<Tensor> gShared = Autograd.grad(shared.mul(upstream).sum(), params, false);
        Tensor input2 = input(x);
        params.set(params.size() - 1, input2);
        List<Tensor> gWhole = Autograd.grad(opByOp(cell, input2).mul(upstream).sum(), params, false);
        for (int p = 0; p < params.size(); p++) {
            double[] a = NetworkFixtures.values(gWhole.get(p));
            double[] b = NetworkFixtures.values(gShared.get(p));
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            // the same terms summed in another order: measured worst 1.0e-7 of the largest
            assertArrayEquals(a, b, 5e-7 * scale, archString + ": gradient " + p + (p == params.size() - 1 ? " (input)" : ""));
        }
    }

    private static Tensor input(float[] x) {
        return Tensor.of(new NdArray(DType.FLOAT32, new int[] {BATCH, CHANNELS, SIZE, SIZE}, x.clone())).requiresGrad(true);
    }

    /** The cell without sharing: node j = sum over sources of the whole op's call on node source. */
    private static Tensor opByOp(InferCell cell, Tensor x) {
        Tensor[] nodes = new Tensor[Arch.NODES];
        nodes[0] = x;
        for (int target = 1; target < Arch.NODES; target++) {
            Tensor sum = null;
            for (int source = 0; source < target; source++) {
                Tensor edge = cell.layer(Arch.edgeIndex(target, source)).call(nodes[source]);
                sum = sum == null ? edge : sum.add(edge);
            }
            nodes[target] = sum;
        }
        return nodes[Arch.NODES - 1];
    }
}
