package dev.zerocost.proxies;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;

/**
 * What a network offers to the proxies. The NB-201 networks implement it; proxies see only
 * this, so they work on any network that can say where its features are and how to drop its
 * batch norms.
 */
public interface ScoredNetwork {
    /** The network as a module (its Conv2d and Linear layers are the scored layers). */
    Module module();

    /** Logits [N, classes]. */
    default Tensor logits(Tensor x) {
        return module().call(x);
    }

    /** The feature map entering the final global average pool (zen). */
    Tensor features(Tensor x);

    /** A deep copy: proxies never see each other's side effects. */
    ScoredNetwork duplicate();

    /**
     * The copy synflow scores: batch norms removed as the reference code does for this network
     * (zero-cost-nas keeps the reduction-block BNs of its own network).
     */
    ScoredNetwork withoutBatchNorm();

    /** Parameters of the modules that run (NB-201 API convention). */
    long parameterCount();

    /** Multiply-accumulate FLOPs per image (NB-201 API convention). */
    long flops();

    /**
     * The modules whose inputs NASWOT codes, in module order. NASLib hooks every module whose type
     * name contains "ReLU": each nn.ReLU, and also each ReLU-conv-BN block, whose input is the same
     * pre-activation (so those codes count twice in the reference). Default: the ReLU modules.
     */
    default java.util.List<dev.zerocost.engine.nn.Module> activationCodeModules() {
        java.util.List<dev.zerocost.engine.nn.Module> out = new java.util.ArrayList<>();
        for (dev.zerocost.engine.nn.Module m : module().namedModules().values()) {
            if (m instanceof dev.zerocost.engine.nn.ReLU) {
                out.add(m);
            }
        }
        return out;
    }

    /** Number of output classes. */
    int classes();
}
