package dev.zerocost.proxies.measures;

import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyResult;
import dev.zerocost.proxies.ScoredNetwork;
import dev.zerocost.proxies.linalg.Matrices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * epe_nas (EPE-NAS as NASLib computes it): J = d(sum of logits)/d(input) per sample; per class
 * present in the batch, s_c = sum of log(|corrcoef(J rows of that class)| + 1e-5) over all
 * entries. With at most 100 classes the score is sum_c |s_c|; with more, s_c is divided by the
 * class's sample count and the score is sum over class pairs |s_c - s_c'| / #classes (there the
 * reference drops single-sample classes: len() of numpy's scalar corrcoef raises and the class
 * is skipped). A class with one sample has corrcoef 1 (NaN if that row is constant).
 */
public final class EpeNas implements Proxy {
    private static final double K = 1e-5;

    @Override
    public String name() {
        return "epe_nas";
    }

    @Override
    public String description() {
        return "per-class correlation of input Jacobians (EPE-NAS, NASLib)";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public ProxyResult compute(ScoredNetwork net, List<Batch> batches) {
        Batch batch = batches.get(0);
        double[][] j = InputJacobian.rows(net, batch.input());
        if (j == null) {
            return ProxyResult.failed("the output does not depend on the input: the Jacobian is zero and corrcoef is undefined");
        }
        long[] labels = batch.labels().toLongArray();
        Map<Long, List<double[]>> perClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            perClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(j[i]);
        }
        boolean many = net.classes() > 100;
        List<Double> scores = new ArrayList<>();
        for (List<double[]> rows : perClass.values()) {
            if (rows.size() == 1) {
                if (!many) {
                    scores.add(Math.log(singleRowCorrcoef(rows.get(0)) + K));
                }
                continue;
            }
            double s = 0;
            for (double[] r : Matrices.corrcoef(rows.toArray(new double[0][]))) {
                for (double v : r) {
                    s += Math.log(Math.abs(v) + K);
                }
            }
            scores.add(many ? s / rows.size() : s);
        }
        double score = 0;
        for (double c : scores) {
            if (many) {
                for (double cj : scores) {
                    score += Math.abs(c - cj);
                }
            } else {
                score += Math.abs(c);
            }
        }
        if (many && !scores.isEmpty()) {
            score /= scores.size();
        }
        return Double.isFinite(score) ? ProxyResult.of(score, Map.of())
                : ProxyResult.failed("epe_nas is " + score + ": a class's Jacobian rows are constant, corrcoef is undefined");
    }

    /** numpy.corrcoef of a single row: var / var, 1 unless the row is constant (NaN). */
    private static double singleRowCorrcoef(double[] row) {
        double mean = 0;
        for (double v : row) {
            mean += v;
        }
        mean /= row.length;
        double var = 0;
        for (double v : row) {
            var += (v - mean) * (v - mean);
        }
        return var / var;
    }
}
