package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AdaptiveAvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;

/**
 * zero-cost-nas's NB-201 network ({@code foresight/models/nasbench2.py}, {@code NAS201Model}).
 * Modules, in registration order: {@code stem.net} (3x3 conv without bias, BN), {@code stack_cell1}
 * (N {@link SearchCell}s at C), {@code reduction1} (a {@link ReductionBlock}, residual first),
 * {@code stack_cell2}, {@code reduction2}, {@code stack_cell3}, {@code top} ({@code lastact} = BN,
 * ReLU; {@code global_pooling}; {@code classifier}). Cells build all 30 candidate ops; convs in
 * cells have a bias and their BNs keep no parameters or statistics, so a cell's state-dict keys
 * are only conv weights and biases, e.g. {@code stack_cell1.0.options.2.op.1.weight}.
 *
 * <p>{@code useBn = false} (zero-cost-nas's {@code get_prunable_copy(bn=False)}, used by synflow)
 * leaves out the stem BN, the cell BNs and the top BN ({@code top.lastact} is then the ReLU
 * itself), but keeps the reduction blocks' BNs. The reference fixes N = 5; any N is allowed here.
 */
public final class ZcNetwork extends CellNetwork {
    private static final String[] STAGES = {"stack_cell1", "reduction1", "stack_cell2", "reduction2", "stack_cell3"};

    public ZcNetwork(Arch arch, int channels, int cellsPerStage, int numClasses) {
        this(arch, channels, cellsPerStage, numClasses, true);
    }

    public ZcNetwork(Arch arch, int channels, int cellsPerStage, int numClasses, boolean useBn) {
        super(arch, channels, cellsPerStage, numClasses, useBn);
        int c = channels;
        Chain stemNet = new Chain(new Conv2d(3, c, 3, 1, 1, false));
        if (useBn) {
            stemNet.add(new BatchNorm2d(c, true, true));
        }
        registerModule("stem", new Holder("net", stemNet));
        registerModule("stack_cell1", stack(arch, c, cellsPerStage, useBn));
        registerModule("reduction1", new ReductionBlock(c, 2 * c, ReductionBlock.Style.ZERO_COST_NAS));
        registerModule("stack_cell2", stack(arch, 2 * c, cellsPerStage, useBn));
        registerModule("reduction2", new ReductionBlock(2 * c, 4 * c, ReductionBlock.Style.ZERO_COST_NAS));
        registerModule("stack_cell3", stack(arch, 4 * c, cellsPerStage, useBn));
        registerModule("top", new Top(4 * c, numClasses, useBn));
    }

    private static Chain stack(Arch arch, int c, int n, boolean useBn) {
        Chain cells = new Chain();
        for (int i = 0; i < n; i++) {
            cells.add(new SearchCell(arch, c, useBn));
        }
        return cells;
    }

    @Override
    public String kind() {
        return "zc";
    }

    /** Stage {@code stage} (1..3) as a chain of cells. */
    public Chain stack(int stage) {
        return (Chain) child("stack_cell" + stage);
    }

    @Override
    public Tensor features(Tensor x) {
        Tensor y = child("stem").call(x);
        for (String name : STAGES) {
            y = child(name).call(y);
        }
        return child("top").child("lastact").call(y);
    }

    @Override
    public Tensor logits(Tensor features) {
        Module top = child("top");
        Tensor pooled = top.child("global_pooling").call(features);
        return top.child("classifier").call(pooled.flatten(1));
    }

    @Override
    public List<LayerCall> trace(int height, int width) {
        checkImageSize(height, width);
        List<LayerCall> calls = new ArrayList<>();
        int[] s = Trace.module("stem", child("stem"), new int[] {3, height, width}, calls);
        for (String name : STAGES) {
            s = Trace.module(name, child(name), s, calls);
        }
        Trace.module("top", child("top"), s, calls);
        return calls;
    }

    /** A module whose only child runs as its forward: zero-cost-nas's {@code stem} ({@code net}). */
    static final class Holder extends Module implements Traced {
        private final String childName;

        Holder(String childName, Module child) {
            this.childName = childName;
            registerModule(childName, child);
        }

        @Override
        protected Tensor forward(Tensor x) {
            return child(childName).call(x);
        }

        @Override
        public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
            return Trace.module(Trace.join(prefix, childName), child(childName), input, calls);
        }
    }

    /** zero-cost-nas's {@code top}: lastact (BN and ReLU, or the ReLU alone), pool, flatten, classifier. */
    static final class Top extends Module implements Traced {
        Top(int channels, int numClasses, boolean useBn) {
            registerModule("lastact", useBn ? new Chain(new BatchNorm2d(channels, true, true), new ReLU()) : new ReLU());
            registerModule("global_pooling", new AdaptiveAvgPool2d(1, 1));
            registerModule("classifier", new Linear(channels, numClasses, true));
        }

        @Override
        protected Tensor forward(Tensor x) {
            Tensor pooled = child("global_pooling").call(child("lastact").call(x));
            return child("classifier").call(pooled.flatten(1));
        }

        @Override
        public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
            int[] s = Trace.module(Trace.join(prefix, "lastact"), child("lastact"), input, calls);
            s = Trace.module(Trace.join(prefix, "global_pooling"), child("global_pooling"), s, calls);
            return Trace.module(Trace.join(prefix, "classifier"), child("classifier"), new int[] {s[0]}, calls);
        }
    }
}
