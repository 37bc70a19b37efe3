package dev.zerocost.nasbench.scoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.engine.nn.ReLU;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether float32 rounding decides a ReLU mask bit of a network on its batches. Each ReLU input
 * of the float32 forward (train mode, as the proxies run) is compared with the same network's
 * float64 forward. Where they disagree on x > 0, the gradient proxies and nwot follow the other
 * mask, and one such element moves them far beyond their tolerances (measured: nb201 mixed_a with
 * float32 pooling, one input of float64 value 8.1e-7 at a layer scale of 4.2 rounded to exactly
 * 0: grasp 1.1e-4, plain 1.9e-4, epe_nas 1.1e-3, nwot 1.4e-7 relative; the float64 network
 * stays within 4e-6 of the official scores). PyTorch's own float32 mask there is rounding too.
 *
 * <p>Such a disagreement only counts as rounding when (a) the call's float32 input is within
 * {@link #AGREEMENT} of the float64 one relative to its largest value (the float32 forward is
 * right up to rounding) and (b) the disagreeing element's float64 value is no larger than the
 * largest float32 error among the call's other elements. Anything else fails the test.
 */
final class ReluSigns {
    /**
     * The float32 forward's largest error per ReLU call, relative to the call's largest value
     * (measured worst over the 18 records, CPU and OpenCL: 1.7e-6, zc all_conv3x3).
     */
    static final double AGREEMENT = 1e-5;

    private ReluSigns() {
    }

    /**
     * The ReLU inputs whose sign float32 rounding decides, as printable lines; empty when the
     * float32 masks are the float64 ones. Fails when a difference is more than rounding.
     */
    static List<String> roundingDecided(ScoredNetwork net, List<Batch> batches, String label) {
        ScoredNetwork wide = ProxyParityTest.float64(net);
        List<Batch> wideBatches = ProxyParityTest.float64(batches);
        List<String> decided = new ArrayList<>();
        for (int bi = 0; bi < batches.size(); bi++) {
            List<double[]> narrow = reluInputs(net.duplicate(), batches.get(bi));
            List<double[]> exact = reluInputs(wide, wideBatches.get(bi));
            assertTrue(narrow.size() == exact.size(), label + ": ReLU calls in float32 and float64");
            for (int call = 0; call < narrow.size(); call++) {
                double[] x = narrow.get(call);
                double[] t = exact.get(call);
                double scale = 0;
                double error = 0;
                List<Integer> flips = new ArrayList<>();
                for (int i = 0; i < x.length; i++) {
                    scale = Math.max(scale, Math.abs(t[i]));
                    if ((x[i] > 0) != (t[i] > 0)) {
                        flips.add(i);
                    } else {
                        error = Math.max(error, Math.abs(x[i] - t[i]));
                    }
                }
                String where = label + ", batch " + bi + ", ReLU call " + call;
                assertTrue(error <= AGREEMENT * scale, where + ": float32 input off the float64 one by " + error
                        + " at a scale of " + scale + ", more than rounding");
                for (int i : flips) {
                    assertTrue(Math.abs(t[i]) <= error, where + ", element " + i + ": float32 " + x[i] + " against float64 "
                            + t[i] + ", further from zero than the call's other errors (" + error + ")");
                    decided.add(String.format("%s, element %d: float32 %.3g, float64 %.3g (call's largest error %.3g, scale %.3g)",
                            where, i, x[i], t[i], error, scale));
                }
            }
        }
        return decided;
    }

    /** The input of every ReLU module call, in call order, from one no-grad train-mode forward. */
    private static List<double[]> reluInputs(ScoredNetwork net, Batch b) {
        List<double[]> out = new ArrayList<>();
        List<Runnable> removers = new ArrayList<>();
        for (Module m : net.module().namedModules().values()) {
            if (m instanceof ReLU) {
                removers.add(m.addForwardHook((mod, in, o) -> out.add(in.to(DType.FLOAT64).toDoubleArray())));
            }
        }
        net.module().train(true);
        try (GradMode.Scope s = GradMode.noGrad()) {
            net.logits(b.input());
        } finally {
            removers.forEach(Runnable::run);
        }
        return out;
    }
}
