package dev.zerocost.nasbench.network;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.AdaptiveAvgPool2d;
import dev.zerocost.engine.nn.BatchNorm2d;
import dev.zerocost.engine.nn.Conv2d;
import dev.zerocost.engine.nn.Linear;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Parameter and FLOP counts of a network, from its {@link CellNetwork#trace} (nothing runs).
 *
 * <p>{@link #params} and {@link #flops} follow the NB-201 API (xautodl's {@code get_model_infos}):
 * parameters of the modules that run, in millions (count / 1e6); FLOPs per image in millions,
 * counting only convolutions ({@code kh*kw*Cin*Cout*Hout*Wout}, plus {@code Cout*Hout*Wout} with a
 * bias) and linear layers ({@code in*out}, plus {@code out} with a bias). The all-nor_conv_3x3
 * nb201 network for CIFAR-10 has 1.531546 M parameters and 220.11969 MFLOPs.
 *
 * <p>{@link #naslibFlops} is the other convention in circulation: NASLib's zero-cost benchmark
 * (its {@code flops} column) measured with tensorwatch's torchstat rules, which also count ReLU
 * (1 per input element), BN (1 per element, 2 if affine), average pooling ({@code k*k} per output
 * element), adaptive pooling ({@code C*(h+1)*(w+1)} per output cell) and linear layers without the
 * bias term. The same arch gives 222.861 MFLOPs there.
 */
public final class Complexity {
    private Complexity() {
    }

    /** Parameters of the modules that run (zc: only the active candidate ops), as a count. */
    public static long parameterCount(CellNetwork net) {
        long n = 0;
        IdentityHashMap<Module, Boolean> seen = new IdentityHashMap<>();
        for (LayerCall call : net.trace(32, 32)) {
            if (seen.put(call.module(), Boolean.TRUE) == null) {
                for (Tensor p : call.module().namedParameters().values()) {
                    n += p.size();
                }
            }
        }
        return n;
    }

    /** Parameters in millions (count / 1e6), the NB-201 API's and NASLib's {@code params}. */
    public static double params(CellNetwork net) {
        return parameterCount(net) / 1e6;
    }

    /** FLOPs of one [3, height, width] image by the NB-201 API's rule (convolutions and linear layers). */
    public static long flopCount(CellNetwork net, int height, int width) {
        return flopCount(net.trace(height, width), false);
    }

    /** {@link #flopCount} in millions, as the NB-201 API reports it. */
    public static double flops(CellNetwork net, int height, int width) {
        return flopCount(net, height, width) / 1e6;
    }

    /** FLOPs of one image by tensorwatch's rules, in millions: NASLib's zero-cost benchmark {@code flops}. */
    public static double naslibFlops(CellNetwork net, int height, int width) {
        return flopCount(net.trace(height, width), true) / 1e6;
    }

    /** The FLOP total of a trace; {@code torchstat} selects the tensorwatch rules. */
    public static long flopCount(List<LayerCall> calls, boolean torchstat) {
        long total = 0;
        for (LayerCall call : calls) {
            total += torchstat ? torchstatFlops(call) : nb201Flops(call);
        }
        return total;
    }

    /** One call's FLOPs by the NB-201 API's rule. */
    public static long nb201Flops(LayerCall call) {
        Module m = call.module();
        if (m instanceof Conv2d c) {
            return convFlops(c, call);
        }
        if (m instanceof Linear l) {
            return (long) l.inFeatures() * l.outFeatures() + (l.param("bias") != null ? l.outFeatures() : 0);
        }
        return 0;
    }

    /** One call's FLOPs by tensorwatch's (torchstat's) rules. */
    public static long torchstatFlops(LayerCall call) {
        Module m = call.module();
        int[] in = call.input();
        int[] out = call.output();
        if (m instanceof Conv2d c) {
            return convFlops(c, call);
        }
        if (m instanceof BatchNorm2d bn) {
            return call.inputSize() * (bn.affine() ? 2 : 1);
        }
        if (m instanceof ReLU) {
            return call.inputSize();
        }
        if (call.window() > 0) {
            return call.outputSize() * call.window() * call.window();
        }
        if (m instanceof AdaptiveAvgPool2d) {
            long flops = 0;
            for (int i = 0; i < out[1]; i++) {
                int y0 = Math.floorDiv(i * in[1], out[1]);
                int y1 = -Math.floorDiv(-(i + 1) * in[1], out[1]);
                for (int j = 0; j < out[2]; j++) {
                    int x0 = Math.floorDiv(j * in[2], out[2]);
                    int x1 = -Math.floorDiv(-(j + 1) * in[2], out[2]);
                    flops += (long) in[0] * (y1 - y0 + 1) * (x1 - x0 + 1);
                }
            }
            return flops;
        }
        if (m instanceof Linear l) {
            return (long) l.inFeatures() * l.outFeatures();
        }
        return 0;
    }

    private static long convFlops(Conv2d c, LayerCall call) {
        int[] out = call.output();
        long positions = (long) out[1] * out[2];
        long flops = (long) c.kernel() * c.kernel() * c.inChannels() * c.outChannels() * positions;
        if (c.param("bias") != null) {
            flops += c.outChannels() * positions;
        }
        return flops;
    }
}
