package dev.zerocost.proxies.measures;

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
        double[] x = input.toDoubleArray();
        int f = x.length / n;
        int words = (f + 63) >>> 6;
        long[][] bits = new long[n][words];
        long[] ones = new long[n];
        for (int i = 0; i < n; i++) {
            long[] b = bits[i];
            int base = i * f;
            for (int e = 0; e < f; e++) {
                if (x[base + e] > 0) {
                    b[e >>> 6] |= 1L << (e & 63);
                }
            }
            for (long w : b) {
                ones[i] += Long.bitCount(w);
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
}
