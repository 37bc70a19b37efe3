package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Module;
import java.util.List;

/**
 * The residual block between stages (a ResNet basic block): {@code conv_a} = ReLU, 3x3 conv stride
 * 2, BN; {@code conv_b} = ReLU, 3x3 conv, BN; the shortcut = 2x2 average pool stride 2, then a 1x1
 * conv; output = shortcut + conv_b(conv_a(x)). Convs have no bias, BNs are affine with running
 * statistics. The two reference codes differ only in naming and registration order, which fixes
 * the init order: xautodl builds conv_a, conv_b, {@code downsample}; zero-cost-nas builds
 * {@code residual}, conv_a, conv_b.
 */
public final class ReductionBlock extends Module implements Traced {
    /** Which reference code's names and order to follow. */
    public enum Style {
        /** xautodl {@code ResNetBasicblock}: conv_a, conv_b, downsample. */
        XAUTODL("downsample"),
        /** zero-cost-nas {@code reduction}: residual, conv_a, conv_b. */
        ZERO_COST_NAS("residual");

        private final String shortcutName;

        Style(String shortcutName) {
            this.shortcutName = shortcutName;
        }
    }

    private final String shortcutName;

    public ReductionBlock(int in, int out, Style style) {
        this.shortcutName = style.shortcutName;
        Chain shortcut = new Chain().addAveragePool(2, 2, 0, true).add(new Conv2d(in, out, 1, 1, 0, false));
        if (style == Style.ZERO_COST_NAS) {
            registerModule(shortcutName, shortcut);
        }
        registerModule("conv_a", new ReluConvBn(in, out, 3, 2, 1, false, true, true, true));
        registerModule("conv_b", new ReluConvBn(out, out, 3, 1, 1, false, true, true, true));
        if (style == Style.XAUTODL) {
            registerModule(shortcutName, shortcut);
        }
    }

    @Override
    protected Tensor forward(Tensor x) {
        Tensor basic = child("conv_b").call(child("conv_a").call(x));
        Tensor shortcut = child(shortcutName).call(x);
        return shortcut.add(basic);
    }

    @Override
    public int[] trace(String prefix, int[] input, List<LayerCall> calls) {
        int[] a = Trace.module(Trace.join(prefix, "conv_a"), child("conv_a"), input, calls);
        int[] b = Trace.module(Trace.join(prefix, "conv_b"), child("conv_b"), a, calls);
        int[] s = Trace.module(Trace.join(prefix, shortcutName), child(shortcutName), input, calls);
        if (!java.util.Arrays.equals(b, s)) {
            throw new IllegalStateException(prefix + ": shortcut shape " + java.util.Arrays.toString(s)
                    + " differs from the block's " + java.util.Arrays.toString(b));
        }
        return b;
    }
}
