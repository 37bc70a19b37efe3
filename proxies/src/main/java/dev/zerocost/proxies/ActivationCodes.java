package dev.zerocost.proxies;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * NASWOT's kernel as NASLib computes it, filled by forward hooks: at every activation-code module
 * (see {@link ScoredNetwork#activationCodeModules()}: NASLib's hooks) the binary code
 * c = (input > 0) per sample; K += c c^T + (1 - c)(1 - c)^T. The hooks read values only, so they
 * can ride on any train-mode forward of the batch, a gradient pass's included ({@link SharedGradients}).
 */
public final class ActivationCodes {
    private final double[][] k;
    private final List<Runnable> removers = new ArrayList<>();
    /** The last input seen and its counts: the ops leaving one node all see the node's tensor. */
    private Tensor lastInput;
    private long[][] lastCounts;

    private ActivationCodes(int samples) {
        k = new double[samples][samples];
    }

    /** Hooks every activation-code module of {@code net}; K fills as forwards of a batch of {@code samples} run. */
    public static ActivationCodes hook(ScoredNetwork net, int samples) {
        ActivationCodes codes = new ActivationCodes(samples);
        for (Module m : net.activationCodeModules()) {
            codes.removers.add(m.addForwardHook((mod, in, out) -> codes.accept(in)));
        }
        return codes;
    }

    /** Removes the hooks. */
    public void unhook() {
        removers.forEach(Runnable::run);
        removers.clear();
        lastInput = null;
        lastCounts = null;
    }

    /**
     * One hooked call: the counts of a tensor already seen (the same object: a node's ReLU and
     * every op leaving the node get the node itself) are added again without recomputing them.
     */
    private void accept(Tensor input) {
        if (input != lastInput) {
            lastCounts = counts(input);
            lastInput = input;
        }
        add(k, lastCounts);
    }

    /** K so far. */
    public double[][] kernel() {
        return k;
    }

    /**
     * Adds this module's Hamming-similarity counts to K. Codes are packed into 64-bit words, so
     * c_i . c_j is a popcount of ANDed words, and the "both off" count follows exactly:
     * (1 - c_i) . (1 - c_j) = F - |c_i| - |c_j| + c_i . c_j. Integer arithmetic, exact.
     */
    static void accumulate(double[][] k, Tensor input) {
        add(k, counts(input));
    }

    /** K[i][j] += counts[i][j] for j >= i, and K[j][i] likewise, pair by pair. */
    private static void add(double[][] k, long[][] counts) {
        for (int i = 0; i < counts.length; i++) {
            for (int j = i; j < counts.length; j++) {
                double same = counts[i][j];
                k[i][j] += same;
                if (j != i) {
                    k[j][i] += same;
                }
            }
        }
    }

    /** counts[i][j] (j >= i) = the number of code positions where samples i and j agree. */
    private static long[][] counts(Tensor input) {
        int n = input.dim(0);
        int f = (int) (input.size() / n);
        int words = (f + 63) >>> 6;
        long[][] bits = new long[n][words];
        long[] ones = new long[n];
        // the comparison on the tensor's own dtype: a float64 value too small for float32 is still > 0
        float[] xf = input.dtype() == DType.FLOAT64 ? null : input.toFloatArray();
        double[] xd = xf == null ? input.toDoubleArray() : null;
        for (int i = 0; i < n; i++) {
            long[] b = bits[i];
            int base = i * f;
            for (int w = 0; w < words; w++) {
                int start = w << 6;
                b[w] = xf != null ? pack(xf, base + start, Math.min(64, f - start))
                        : pack(xd, base + start, Math.min(64, f - start));
                ones[i] += Long.bitCount(b[w]);
            }
        }
        long[][] counts = new long[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                long both = 0;
                long[] a = bits[i];
                long[] b = bits[j];
                for (int w = 0; w < words; w++) {
                    both += Long.bitCount(a[w] & b[w]);
                }
                counts[i][j] = 2 * both + (f - ones[i] - ones[j]);
            }
        }
        return counts;
    }

    /**
     * Bit t of the result = (x[at + t] > 0) for t in [0, count): a branch-free select per element
     * (a branch on the sign of a ReLU input mispredicts half the time; it was 55% of nwot's time).
     */
    private static long pack(float[] x, int at, int count) {
        long word = 0;
        for (int t = 0; t < count; t++) {
            word |= (x[at + t] > 0 ? 1L : 0L) << t;
        }
        return word;
    }

    private static long pack(double[] x, int at, int count) {
        long word = 0;
        for (int t = 0; t < count; t++) {
            word |= (x[at + t] > 0 ? 1L : 0L) << t;
        }
        return word;
    }
}
