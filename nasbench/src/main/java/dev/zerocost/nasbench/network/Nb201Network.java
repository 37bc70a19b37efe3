package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AdaptiveAvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ModuleList;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;

/**
 * The network NB-201 trained and the ZiCo paper scored (xautodl {@code TinyNetwork} with
 * {@code InferCell}s). Modules, in registration order: {@code stem} (3x3 conv without bias, BN),
 * {@code cells.0 .. cells.3N+1} (N {@link InferCell}s at C, a {@link ReductionBlock} to 2C, N cells,
 * a block to 4C, N cells), {@code lastact} (BN, ReLU), {@code global_pooling}, {@code classifier}.
 * Every BN is affine with running statistics. State-dict keys read e.g. {@code stem.0.weight},
 * {@code cells.0.layers.1.op.1.weight}, {@code cells.5.conv_a.op.1.weight},
 * {@code lastact.0.running_mean}, {@code classifier.weight}.
 *
 * <p>Without BN ({@code useBn = false}) every module is still built, so the state dict is
 * unchanged, but all batch norms pass their input through: zero-cost-nas's
 * {@code copynet(bn=False)}, which its synflow uses for a network like this one.
 */
public final class Nb201Network extends CellNetwork {
    public Nb201Network(Arch arch, int channels, int cellsPerStage, int numClasses) {
        this(arch, channels, cellsPerStage, numClasses, true);
    }

    public Nb201Network(Arch arch, int channels, int cellsPerStage, int numClasses, boolean useBn) {
        super(arch, channels, cellsPerStage, numClasses, useBn);
        int c = channels;
        registerModule("stem", new Chain(new Conv2d(3, c, 3, 1, 1, false), new BatchNorm2d(c, true, true)));
        ModuleList cells = new ModuleList();
        int[] stageChannels = {c, 2 * c, 4 * c};
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                cells.add(new ReductionBlock(stageChannels[stage - 1], stageChannels[stage], ReductionBlock.Style.XAUTODL));
            }
            for (int i = 0; i < cellsPerStage; i++) {
                cells.add(new InferCell(arch, stageChannels[stage]));
            }
        }
        registerModule("cells", cells);
        registerModule("lastact", new Chain(new BatchNorm2d(4 * c, true, true), new ReLU()));
        registerModule("global_pooling", new AdaptiveAvgPool2d(1, 1));
        registerModule("classifier", new Linear(4 * c, numClasses, true));
        if (!useBn) {
            for (Module m : namedModules().values()) {
                if (m instanceof Chain chain) {
                    chain.bypassBatchNorm(true);
                }
            }
        }
    }

    @Override
    public String kind() {
        return "nb201";
    }

    /** The {@code cells} list: cells and the two reduction blocks, 3N + 2 in all. */
    public ModuleList cells() {
        return (ModuleList) child("cells");
    }

    @Override
    public Tensor features(Tensor x) {
        Tensor y = child("stem").call(x);
        ModuleList cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            y = cells.get(i).call(y);
        }
        return child("lastact").call(y);
    }

    @Override
    public Tensor logits(Tensor features) {
        Tensor pooled = child("global_pooling").call(features);
        return child("classifier").call(pooled.flatten(1));
    }

    @Override
    public List<LayerCall> trace(int height, int width) {
        checkImageSize(height, width);
        List<LayerCall> calls = new ArrayList<>();
        int[] s = Trace.module("stem", child("stem"), new int[] {3, height, width}, calls);
        ModuleList cells = cells();
        for (int i = 0; i < cells.size(); i++) {
            s = Trace.module("cells." + i, cells.get(i), s, calls);
        }
        s = Trace.module("lastact", child("lastact"), s, calls);
        s = Trace.module("global_pooling", child("global_pooling"), s, calls);
        Trace.module("classifier", child("classifier"), new int[] {s[0]}, calls);
        return calls;
    }
}
