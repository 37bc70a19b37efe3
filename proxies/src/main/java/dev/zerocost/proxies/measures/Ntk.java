package dev.zerocost.proxies.measures;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.Scratch;
import dev.zerocost.proxies.linalg.Matrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ntk (TE-NAS {@code get_ntk_n}, train mode, one batch): per sample i, g_i = d(sum of logits_i)/dW
 * over every parameter whose name contains "weight" (conv, linear and affine BN weights; train-mode
 * BN couples the samples through the batch statistics); NTK = G G^T; score = condition number
 * lambda_max / lambda_min (NaN becomes 100000 and +-inf the largest double, as numpy.nan_to_num
 * in the reference). Lower is better in TE-NAS; ZiCo's tables score -1 * this so that higher is
 * better there. The reference forms G G^T and its eigenvalues in float32; here both are float64
 * (from float32 gradients), which matters only for ill-conditioned kernels.
 */
public final class Ntk implements Proxy {
    @Override
    public String name() {
        return "ntk";
    }

    @Override
    public String description() {
        return "condition number of the empirical neural tangent kernel (TE-NAS); lower is better";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        List<Tensor> weights = new ArrayList<>();
        net.module().namedParameters().forEach((name, w) -> {
            if (name.contains("weight")) {
                weights.add(w);
            }
        });
        Tensor x = batches.get(0).input();
        Tensor logits = net.logits(x);
        int n = logits.dim(0);
        int classes = logits.dim(1);
        double[][] g = new double[n][];
        for (int i = 0; i < n; i++) {
            float[] seed = new float[n * classes];
            java.util.Arrays.fill(seed, i * classes, (i + 1) * classes, 1f);
            try (Scratch pass = Scratch.open(net)) {
                List<Tensor> grads = Autograd.grad(List.of(logits), weights,
                        List.of(Tensor.of(seed, n, classes).to(logits.dtype())), false);
                g[i] = concat(grads);
            }
        }
        double[][] kernel = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < g[i].length; k++) {
                    s += g[i][k] * g[j][k];
                }
                kernel[i][j] = s;
                kernel[j][i] = s;
            }
        }
        double[] eig = Matrices.symmetricEigenvalues(kernel);
        return ProxyResult.of(nanToNum(eig[n - 1] / eig[0]), Map.of());
    }

    private static double[] concat(List<Tensor> grads) {
        int total = 0;
        for (Tensor t : grads) {
            total += (int) t.size();
        }
        double[] out = new double[total];
        int at = 0;
        for (Tensor t : grads) {
            double[] v = t.to(DType.FLOAT64).toDoubleArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** numpy.nan_to_num(v, nan=100000.0) as TE-NAS calls it. */
    static double nanToNum(double v) {
        if (Double.isNaN(v)) {
            return 100000.0;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return v;
    }
}
