package dev.zerocost.nasbench.scoring;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.nasbench.network.CellNetwork;
import dev.zerocost.nasbench.network.Complexity;
import dev.zerocost.nasbench.network.Networks;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.LinkedHashMap;
import java.util.Map;

/** An NB-201 network (either definition) as the proxies see it. */
public final class ScoredCellNetwork implements ScoredNetwork {
    private final CellNetwork network;
    private final int height;
    private final int width;

    /** Wraps a network that scores [B, 3, height, width] images. */
    public ScoredCellNetwork(CellNetwork network, int height, int width) {
        this.network = network;
        this.height = height;
        this.width = width;
    }

    /** Builds and initialises like torch.manual_seed(seed) + the reference constructor. */
    public static ScoredCellNetwork build(String kind, dev.zerocost.nasbench.space.Arch arch, int channels,
                                          int cellsPerStage, int classes, long seed, int imageSize) {
        return new ScoredCellNetwork(Networks.build(kind, arch, channels, cellsPerStage, classes, true, seed),
                imageSize, imageSize);
    }

    public CellNetwork network() {
        return network;
    }

    @Override
    public Module module() {
        return network;
    }

    @Override
    public Tensor features(Tensor x) {
        return network.features(x);
    }

    @Override
    public ScoredNetwork duplicate() {
        return new ScoredCellNetwork((CellNetwork) network.copy(), height, width);
    }

    /**
     * The BN-free copy the reference synflow scores: zc rebuilds its network with use_bn = false
     * (reduction-block BNs kept) and loads the state dict non-strictly; for nb201 the reference
     * turns every BN into identity. Either way: the useBn = false network with the shared weights.
     */
    @Override
    public ScoredNetwork withoutBatchNorm() {
        CellNetwork plain = Networks.build(network.kind(), network.arch(), network.channels(),
                network.cellsPerStage(), network.numClasses(), false);
        Map<String, Tensor> mine = network.stateDict();
        Map<String, Tensor> wanted = new LinkedHashMap<>();
        for (String key : plain.stateDict().keySet()) {
            Tensor t = mine.get(key);
            if (t == null) {
                throw new IllegalStateException("the BN-free " + network.kind() + " network has key '" + key
                        + "' that the network lacks");
            }
            wanted.put(key, t);
        }
        plain.loadStateDict(wanted);
        plain.train(network.isTraining());
        return new ScoredCellNetwork(plain, height, width);
    }

    /** NASLib's nwot hooks: every ReLU and every ReLU-conv-BN block (type names containing "ReLU"). */
    @Override
    public java.util.List<Module> activationCodeModules() {
        java.util.List<Module> out = new java.util.ArrayList<>();
        for (Module m : network.namedModules().values()) {
            if (m instanceof dev.zerocost.engine.nn.ReLU || m instanceof dev.zerocost.nasbench.network.ReluConvBn) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public long parameterCount() {
        return Complexity.parameterCount(network);
    }

    @Override
    public long flops() {
        return Complexity.flopCount(network, height, width);
    }

    @Override
    public int classes() {
        return network.numClasses();
    }
}
