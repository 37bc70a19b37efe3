package dev.zerocost.nasbench.network;

import dev.zerocost.engine.nn.AdaptiveAvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Identity;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import java.util.List;

/** Shape propagation for the leaf modules the NB-201 networks use. */
final class Trace {
    private Trace() {
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * Records a shape-preserving or convolutional leaf (Conv2d, BatchNorm2d, ReLU, Identity, Zero,
     * Linear, global average pool) and returns its output shape; composite modules are delegated.
     */
    static int[] module(String name, Module m, int[] in, List<LayerCall> calls) {
        if (m instanceof Traced t) {
            return t.trace(name, in, calls);
        }
        int[] out;
        if (m instanceof Conv2d c) {
            requireChannels(name, in, c.inChannels());
            int h = (in[1] + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            int w = (in[2] + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            out = new int[] {c.outChannels(), h, w};
        } else if (m instanceof BatchNorm2d bn) {
            requireChannels(name, in, bn.channels());
            out = in;
        } else if (m instanceof ReLU || m instanceof Identity || m instanceof Zero) {
            out = in;
        } else if (m instanceof AdaptiveAvgPool2d) {
            out = new int[] {in[0], 1, 1};
        } else if (m instanceof Linear l) {
            if (in.length != 1 || in[0] != l.inFeatures()) {
                throw new IllegalStateException(name + ": Linear(" + l.inFeatures() + ") cannot take per-image shape "
                        + java.util.Arrays.toString(in));
            }
            out = new int[] {l.outFeatures()};
        } else {
            throw new IllegalStateException(name + ": no shape rule for " + m.getClass().getName());
        }
        calls.add(new LayerCall(name, m, in, out, 0));
        return out;
    }

    /** Records an average pool with a square window and returns its output shape. */
    static int[] pool(String name, Module m, int[] in, int kernel, int stride, int padding, List<LayerCall> calls) {
        int h = (in[1] + 2 * padding - kernel) / stride + 1;
        int w = (in[2] + 2 * padding - kernel) / stride + 1;
        int[] out = {in[0], h, w};
        calls.add(new LayerCall(name, m, in, out, kernel));
        return out;
    }

    private static void requireChannels(String name, int[] in, int channels) {
        if (in.length != 3 || in[0] != channels) {
            throw new IllegalStateException(name + " expects " + channels + " channels, the trace reached it with "
                    + java.util.Arrays.toString(in));
        }
    }
}
