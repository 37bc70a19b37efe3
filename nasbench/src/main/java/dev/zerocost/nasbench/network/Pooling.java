package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AvgPool2d;
import dev.zerocost.engine.nn.Module;
import java.util.List;

/**
 * The {@code avg_pool_3x3} op: 3x3 average pooling, stride 1, padding 1, padding left out of the
 * divisor. Both reference codes wrap the pool in a module; only the child's name differs
 * ({@code op} in xautodl, {@code avgpool} in zero-cost-nas).
 */
public final class Pooling extends Module implements Traced {
    private final String childName;

    public Pooling(String childName) {
        this.childName = childName;
        registerModule(childName, new AvgPool2d(3, 1, 1, false));
    }

    @Override
    protected Tensor forward(Tensor x) {
        return child(childName).call(x);
    }

    @Override
    public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
        return Trace.pool(Trace.join(prefix, childName), child(childName), input, 3, 1, 1, calls);
    }
}
