package dev.zerocost.proxies.measures;

import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.autograd.Autograd;
import dev.zerocost.proxies.ScoredNetwork;
import java.util.List;

/**
 * J = d(sum of logits)/d(input), one float64 row per sample: what {@code y.backward(ones_like(y))}
 * leaves in {@code x.grad} (NASWOT v1, jacob_cov, EPE-NAS).
 */
final class InputJacobian {
    private InputJacobian() {
    }

    /** The rows of J, or null when the logits do not depend on the input at all. */
    static double[][] rows(ScoredNetwork net, Tensor input) {
        Tensor x = input.detach().copy().requiresGrad(true);
        Tensor y = net.logits(x);
        if (!y.requiresGrad()) {
            return null;
        }
        Tensor j = Autograd.grad(y, List.of(x), false).get(0);
        int n = j.dim(0);
        double[] flat = j.toDoubleArray();
        int d = flat.length / n;
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, rows[i], 0, d);
        }
        return rows;
    }
}
