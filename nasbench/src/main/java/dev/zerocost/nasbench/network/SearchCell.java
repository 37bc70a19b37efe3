package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Identity;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ModuleList;
import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Op;
import java.util.List;

/**
 * zero-cost-nas's supernet cell ({@code SearchCell}): every edge builds all five candidate ops,
 * edge-major in arch-string order and, per edge, in the order {@link #CANDIDATES} = none,
 * avg_pool_3x3, nor_conv_3x3, nor_conv_1x1, skip_connect, as {@code options.0} .. {@code options.29}.
 * A mask from the arch picks the one op per edge that runs; the others still take init
 * randomness and appear in the state dict. Convolutions have a bias; BNs have neither affine
 * parameters nor running statistics (always batch statistics), or are left out entirely when
 * {@code useBn} is false.
 */
public final class SearchCell extends Module implements Traced {
    /** The candidate ops of one edge, in zero-cost-nas's construction order. */
    public static final List<Op> CANDIDATES = List.of(Op.NONE, Op.AVG_POOL_3X3, Op.NOR_CONV_3X3, Op.NOR_CONV_1X1,
            Op.SKIP_CONNECT);
    /** Number of candidate modules per cell: 6 edges x 5 ops. */
    public static final int OPTIONS = Arch.EDGES * 5;

    private final Arch arch;

    public SearchCell(Arch arch, int channels, boolean useBn) {
        this.arch = arch;
        ModuleList options = new ModuleList();
        for (int e = 0; e < Arch.EDGES; e++) {
            for (Op op : CANDIDATES) {
                options.add(build(op, channels, useBn));
            }
        }
        registerModule("options", options);
    }

    private static Module build(Op op, int c, boolean useBn) {
        return switch (op) {
            case NONE -> new Zero();
            case AVG_POOL_3X3 -> new Pooling("avgpool");
            case NOR_CONV_3X3 -> new ReluConvBn(c, c, 3, 1, 1, true, useBn, false, false);
            case NOR_CONV_1X1 -> new ReluConvBn(c, c, 1, 1, 0, true, useBn, false, false);
            case SKIP_CONNECT -> new Identity();
        };
    }

    public Arch arch() {
        return arch;
    }

    /** Position in {@code options} of the op that runs on the edge at arch-string position {@code edge}. */
    public int activeOption(int edge) {
        return edge * CANDIDATES.size() + CANDIDATES.indexOf(arch.op(edge));
    }

    /** Whether {@code options.<index>} runs in the forward pass (zero-cost-nas's keep_mask). */
    public boolean isActive(int index) {
        return activeOption(index / CANDIDATES.size()) == index;
    }

    public Module option(int index) {
        return ((ModuleList) child("options")).get(index);
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor[] nodes = new Tensor[Arch.NODES];
        nodes[0] = x;
        for (int target = 1; target < Arch.NODES; target++) {
            Tensor sum = null;
            for (int source = 0; source < target; source++) {
                Tensor edge = option(activeOption(Arch.edgeIndex(target, source))).call(nodes[source]);
                sum = sum == null ? edge : sum.add(edge);
            }
            nodes[target] = sum;
        }
        return nodes[Arch.NODES - 1];
    }

    @Override
    public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
        for (int e = 0; e < Arch.EDGES; e++) {
            int i = activeOption(e);
            Trace.module(Trace.join(prefix, "options." + i), option(i), input, calls);
        }
        return input;
    }
}
