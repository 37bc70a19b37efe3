package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Identity;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ModuleList;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Op;
import java.util.List;

/**
 * The NB-201 benchmark's cell (xautodl {@code InferCell}): only the arch's six ops are built, in
 * arch-string edge order, as {@code layers.0} .. {@code layers.5}. {@code none} is a {@link Zero}
 * and {@code skip_connect} an identity, both without parameters; convolutions have no bias and
 * affine BNs with running statistics. Node j = sum of its incoming edges in source order; the
 * cell's output is node 3.
 */
public final class InferCell extends Module implements Traced {
    private final Arch arch;

    public InferCell(Arch arch, int channels) {
        this.arch = arch;
        ModuleList layers = new ModuleList();
        for (Op op : arch.ops()) {
            layers.add(build(op, channels));
        }
        registerModule("layers", layers);
    }

    private static Module build(Op op, int c) {
        return switch (op) {
            case NONE -> new Zero();
            case SKIP_CONNECT -> new Identity();
            case NOR_CONV_1X1 -> new ReluConvBn(c, c, 1, 1, 0, false, true, true, true);
            case NOR_CONV_3X3 -> new ReluConvBn(c, c, 3, 1, 1, false, true, true, true);
            case AVG_POOL_3X3 -> new Pooling("op");
        };
    }

    public Arch arch() {
        return arch;
    }

    /** The module on the edge at position {@code edge} of arch-string order. */
    public Module layer(int edge) {
        return ((ModuleList) child("layers")).get(edge);
    }

    /**
     * Node j = sum of its incoming edges in source order. The convolution ops leaving one node
     * start with the same ReLU of it, so it is computed once and shared ({@link ReluConvBn#afterRelu}):
     * the same values, one ReLU forward and backward pass instead of one per op, the ops' input
     * gradients summed before the ReLU mask instead of after it. Hooks on the ops, their chains
     * and their ReLUs still run once per edge ({@link ReluConvBn#afterRelu}).
     */
    @Override
    protected Tensor forward(Tensor x) {
        Tensor[] nodes = new Tensor[Arch.NODES];
        Tensor[] relus = new Tensor[Arch.NODES];
        nodes[0] = x;
        for (int target = 1; target < Arch.NODES; target++) {
            Tensor sum = null;
            for (int source = 0; source < target; source++) {
                Module op = layer(Arch.edgeIndex(target, source));
                Tensor edge;
                if (op instanceof ReluConvBn conv) {
                    if (relus[source] == null) {
                        relus[source] = nodes[source].relu();
                    }
                    edge = conv.afterRelu(nodes[source], relus[source]);
                } else {
                    edge = op.call(nodes[source]);
                }
                sum = sum == null ? edge : sum.add(edge);
            }
            nodes[target] = sum;
        }
        return nodes[Arch.NODES - 1];
    }

    @Override
    public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
        for (int e = 0; e < Arch.EDGES; e++) {
            Trace.module(Trace.join(prefix, "layers." + e), layer(e), input, calls);
        }
        return input;
    }
}
