package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.nasbench.space.Arch;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * An NB-201 network: stem, three stages of N cells joined by two reduction blocks, then BN, ReLU,
 * global average pool and a linear classifier. Input is [B, 3, H, W] with H = W = 32 (CIFAR) or
 * 16 (ImageNet16-120); the forward pass returns the logits [B, classes].
 *
 * <p>Subclasses fix module names and registration order so that {@link #stateDict()} keys and
 * {@link #namedModules()} order equal PyTorch's, which makes {@link Networks#torchInit} draw the
 * same weights as {@code torch.manual_seed(s)} followed by the reference constructor.
 */
public abstract class CellNetwork extends Module {
    private final Arch arch;
    private final int channels;
    private final int cellsPerStage;
    private final int numClasses;
    private final boolean useBn;

    protected CellNetwork(Arch arch, int channels, int cellsPerStage, int numClasses, boolean useBn) {
        if (channels < 1 || cellsPerStage < 0 || numClasses < 1) {
            throw new IllegalArgumentException("network needs C >= 1, N >= 0 and classes >= 1, got C=" + channels
                    + ", N=" + cellsPerStage + ", classes=" + numClasses);
        }
        this.arch = java.util.Objects.requireNonNull(arch, "arch");
        this.channels = channels;
        this.cellsPerStage = cellsPerStage;
        this.numClasses = numClasses;
        this.useBn = useBn;
    }

    /** "nb201" or "zc", as {@link Networks#build} spells it. */
    public abstract String kind();

    /** The features that enter the global average pool: [B, 4C, H/4, W/4], after the last BN and ReLU. */
    public abstract Tensor features(Tensor x);

    /** Global average pool, flatten, classifier: features [B, 4C, h, w] to logits [B, classes]. */
    public abstract Tensor logits(Tensor features);

    /** The leaf modules a forward pass on a [3, height, width] image runs, in execution order. */
    public abstract List<LayerCall> trace(int height, int width);

    @Override
    protected final Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.dim(1) != 3) {
            throw new IllegalArgumentException(kind() + " network expects input [B, 3, H, W], got "
                    + dev.zerocost.engine.Shapes.str(x.shape()));
        }
        return logits(features(x));
    }

    public final Arch arch() {
        return arch;
    }

    /** C, the channels of the first stage. */
    public final int channels() {
        return channels;
    }

    /** N, the cells per stage. */
    public final int cellsPerStage() {
        return cellsPerStage;
    }

    public final int numClasses() {
        return numClasses;
    }

    /** False for the BN-free copy synflow uses (see the subclass for what exactly is dropped). */
    public final boolean usesBatchNorm() {
        return useBn;
    }

    /**
     * Every Conv2d and Linear in module order, by name: the layers whose {@code weight} the proxies
     * score. For {@code zc} this includes the candidate ops that do not run.
     */
    public final LinkedHashMap<String, Module> weightLayers() {
        return modulesOf(Conv2d.class, Linear.class);
    }

    /** Every ReLU in module order (NASWOT hooks them). */
    public final LinkedHashMap<String, Module> reluLayers() {
        return modulesOf(ReLU.class);
    }

    /** Every BatchNorm2d in module order. */
    public final LinkedHashMap<String, Module> batchNormLayers() {
        return modulesOf(BatchNorm2d.class);
    }

    private LinkedHashMap<String, Module> modulesOf(Class<?>... types) {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        namedModules().forEach((name, m) -> {
            for (Class<?> t : types) {
                if (t.isInstance(m)) {
                    out.put(name, m);
                }
            }
        });
        return out;
    }

    /** Checks the input size a trace is asked for. */
    protected static void checkImageSize(int height, int width) {
        if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
            throw new IllegalArgumentException("input " + height + "x" + width
                    + " does not fit an NB-201 network (two stride-2 reductions); use 32x32 or 16x16");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + arch + ", C=" + channels + ", N=" + cellsPerStage + ", classes="
                + numClasses + (useBn ? "" : ", no BN") + ")";
    }
}
