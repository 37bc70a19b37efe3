package dev.zerocost.proxies.measures;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.GradMode;
import dev.zerocost.engine.nn.Module;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.linalg.Matrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nwot (NASWOT as NASLib computes it): forward only; at every activation-code module (see
 * {@link ScoredNetwork#activationCodeModules()}: NASLib's hooks) the binary code
 * c = (input > 0) per sample; K += c c^T + (1 - c)(1 - c)^T; score = log|det K|.
 */
public final class Nwot implements Proxy {
    @Override
    public String name() {
        return "nwot";
    }

    @Override
    public String description() {
        return "log|det| of the Hamming-similarity kernel of ReLU activation codes (NASWOT, NASLib)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Batch batch = batches.get(0);
        int n = batch.size();
        double[][] k = new double[n][n];
        List<Runnable> removers = new ArrayList<>();
        for (Module m : net.activationCodeModules()) {
            removers.add(m.addForwardHook((mod, in, out) -> accumulate(k, in)));
        }
        try (GradMode.Scope s = GradMode.noGrad()) {
            net.logits(batch.input());
        } finally {
            removers.forEach(Runnable::run);
        }
        return ProxyResult.of(Matrices.logAbsDet(k), Map.of());
    }

    /**
     * Adds this module's Hamming-similarity counts to K. Codes are packed into 64-bit words, so
     * c_i . c_j is a popcount of ANDed words, and the "both off" count follows exactly:
     * (1 - c_i) . (1 - c_j) = F - |c_i| - |c_j| + c_i . c_j. Integer arithmetic, exact.
     */
    static void accumulate(double[][] k, Tensor input) {
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
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                long both = 0;
                long[] a = bits[i];
                long[] b = bits[j];
                for (int w = 0; w < words; w++) {
                    both += Long.bitCount(a[w] & b[w]);
                }
                double same = 2 * both + (f - ones[i] - ones[j]);
                k[i][j] += same;
                if (j != i) {
                    k[j][i] += same;
                }
            }
        }
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
