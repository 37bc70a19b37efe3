package dev.zerocost.proxies.measures;

import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.linalg.Matrices;
import java.util.List;
import java.util.Map;

/**
 * jacob_cov (zero-cost-nas, from NASWOT v1): J = d(sum of logits)/d(input), one row per sample;
 * C = corrcoef(J) in float64; v = eigenvalues of C; score = -sum(log(v + 1e-5) + 1/(v + 1e-5)).
 * NaN where the reference fails (a constant Jacobian row makes the correlation undefined).
 */
public final class JacobCov implements Proxy {
    private static final double K = 1e-5;

    @Override
    public String name() {
        return "jacob_cov";
    }

    @Override
    public String description() {
        return "eigenvalue score of the correlation of input Jacobians across samples (zero-cost-nas)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        double[][] rows = InputJacobian.rows(net, batches.get(0).input());
        if (rows == null) {
            return ProxyResult.failed("the output does not depend on the input: the Jacobian is zero and corrcoef is undefined");
        }
        double[][] corr = Matrices.corrcoef(rows);
        for (double[] r : corr) {
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    return ProxyResult.failed("corrcoef of the Jacobian is undefined (a sample's Jacobian is constant)");
                }
            }
        }
        double[] eig = Matrices.symmetricEigenvalues(corr);
        double s = 0;
        for (double v : eig) {
            s += Math.log(v + K) + 1.0 / (v + K);
        }
        return ProxyResult.of(-s, Map.of());
    }
}
