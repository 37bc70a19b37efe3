package dev.zerocost.nasbench.network;

import dev.zerocost.engine.nn.Module;
import java.util.Arrays;

/**
 * One leaf module that runs in a forward pass, with the per-image shapes it sees ([C, H, W], or
 * [F] for the classifier). A network's {@link CellNetwork#trace} lists these in execution order;
 * {@link Complexity} counts parameters and FLOPs from them without running anything.
 *
 * @param name   the module's dotted name, as in the state dict
 * @param module the module itself
 * @param input  per-image input shape
 * @param output per-image output shape
 * @param window side of the pooling window for average pools (0 for every other module)
 */
public record LayerCall(String name, Module module, int[] input, int[] output, int window) {
    public LayerCall {
        input = input.clone();
        output = output.clone();
    }

    @Override
    public int[] input() {
        return input.clone();
    }

    @Override
    public int[] output() {
        return output.clone();
    }

    /** Elements of the per-image output. */
    public long outputSize() {
        long n = 1;
        for (int d : output) {
            n *= d;
        }
        return n;
    }

    /** Elements of the per-image input. */
    public long inputSize() {
        long n = 1;
        for (int d : input) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + module.getClass().getSimpleName() + " " + Arrays.toString(input) + " -> "
                + Arrays.toString(output);
    }
}
