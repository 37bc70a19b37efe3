package dev.zerocost.nasbench.network;

import dev.zerocost.engine.nn.Init;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.space.Arch;
import java.util.List;
import java.util.Locale;

/** Builds the two NB-201 network definitions by name and initialises them like PyTorch. */
public final class Networks {
    /** The network NB-201 trained (xautodl TinyNetwork): {@link Nb201Network}. */
    public static final String NB201 = "nb201";
    /** zero-cost-nas's supernet-style network: {@link ZcNetwork}. */
    public static final String ZC = "zc";
    /** The kinds {@link #build} accepts. */
    public static final List<String> KINDS = List.of(NB201, ZC);

    private Networks() {
    }

    /**
     * A network of kind "nb201" or "zc" with C channels in the first stage, N cells per stage and
     * a classifier for {@code numClasses}; weights are zero until {@link #torchInit}. NB-201 uses
     * C = 16, N = 5; classes 10 (CIFAR-10), 100 (CIFAR-100) or 120 (ImageNet16-120).
     * {@code useBn = false} gives the BN-free variant synflow uses (see each class for details).
     */
    public static CellNetwork build(String kind, Arch arch, int channels, int cellsPerStage, int numClasses,
                                    boolean useBn) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case NB201 -> new Nb201Network(arch, channels, cellsPerStage, numClasses, useBn);
            case ZC -> new ZcNetwork(arch, channels, cellsPerStage, numClasses, useBn);
            default -> throw new IllegalArgumentException("unknown network kind '" + kind + "'; expected one of "
                    + KINDS + " (nb201 = the benchmark's own network, zc = zero-cost-nas's nasbench2 network)");
        };
    }

    /** {@link #build} followed by {@link #torchInit} with {@code seed}. */
    public static CellNetwork build(String kind, Arch arch, int channels, int cellsPerStage, int numClasses,
                                    boolean useBn, long seed) {
        CellNetwork net = build(kind, arch, channels, cellsPerStage, numClasses, useBn);
        torchInit(net, seed);
        return net;
    }

    /**
     * PyTorch's default init as {@code torch.manual_seed(seed)} followed by the reference
     * constructor draws it: every Conv2d and Linear in module order, weight then bias; BN weight 1,
     * bias 0. Returns the module.
     */
    public static <M extends Module> M torchInit(M module, long seed) {
        Init.torchDefault(module, TorchGenerator.manualSeed(seed));
        return module;
    }
}
