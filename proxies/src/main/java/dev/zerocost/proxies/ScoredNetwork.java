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

    /** Number of output classes. */
    int classes();
}
