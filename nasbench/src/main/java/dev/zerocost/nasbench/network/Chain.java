package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Module;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code nn.Sequential} as the NB-201 networks use it: children named "0", "1", ... run
 * in order. It can also pass its batch norms through unchanged, which is what zero-cost-nas's
 * {@code copynet(bn=False)} does to a network without its own BN-free copy (the modules and the
 * state dict stay as they are; only the forward skips them).
 */
public final class Chain extends Module implements Traced {
    private int count;
    private boolean bypassBatchNorm;
    /** Pool geometry {kernel, stride, padding} of the average-pool children, by position. */
    private Map<Integer, int[]> pools = new HashMap<>();

    public Chain(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Chain add(Module m) {
        registerModule(Integer.toString(count++), m);
        return this;
    }

    /** Appends an average pool and remembers its geometry for {@link #trace}. */
    public Chain addAveragePool(int kernel, int stride, int padding, boolean countIncludePad) {
        pools.put(count, new int[] {kernel, stride, padding});
        return add(new AvgPool2d(kernel, stride, padding, countIncludePad));
    }

    public int size() {
        return count;
    }

    public Module get(int i) {
        return child(Integer.toString(i));
    }

    /** When set, BatchNorm2d children are skipped in the forward pass (and in {@link #trace}). */
    void bypassBatchNorm(boolean on) {
        bypassBatchNorm = on;
    }

    @Override
    protected Tensor forward(Tensor x) {
        return forwardFrom(0, x);
    }

    /** Children {@code start}, {@code start + 1}, ... on x, as the forward pass runs them. */
    Tensor forwardFrom(int start, Tensor x) {
        Tensor y = x;
        for (int i = start; i < count; i++) {
            Module m = get(i);
            if (bypassBatchNorm && m instanceof BatchNorm2d) {
                continue;
            }
            y = m.call(y);
        }
        return y;
    }

    @Override
    public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
        int[] shape = input;
        for (int i = 0; i < count; i++) {
            Module m = get(i);
            String name = Trace.join(prefix, Integer.toString(i));
            if (bypassBatchNorm && m instanceof BatchNorm2d) {
                continue;
            }
            int[] pool = pools.get(i);
            shape = pool != null ? Trace.pool(name, m, shape, pool[0], pool[1], pool[2], calls)
                    : Trace.module(name, m, shape, calls);
        }
        return shape;
    }

    @Override
    protected void afterCopy() {
        pools = new HashMap<>(pools);
    }
}
