package dev.zerocost.nasbench.search;

import dev.zerocost.nasbench.eval.GroundTruth;
import dev.zerocost.nasbench.eval.ProxyOrientation;
import dev.zerocost.nasbench.eval.ScoreTable;
import dev.zerocost.nasbench.space.Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds {@link SearchSpace}s from a ground-truth table and, optionally, proxy scores. */
public final class SearchSpaces {
    private SearchSpaces() {
    }

    /** Every arch of the ground truth, no proxy. */
    public static SearchSpace of(GroundTruth truth) {
        List<Arch> archs = new ArrayList<>();
        double[] acc = new double[truth.all().size()];
        int k = 0;
        for (Map.Entry<String, Double> e : truth.all().entrySet()) {
            archs.add(Arch.parse(e.getKey()));
            acc[k++] = e.getValue();
        }
        return new SearchSpace(archs, acc, null);
    }

    /** The archs that have ground truth and a finite score of {@code proxy}, with the oriented score. */
    public static SearchSpace of(GroundTruth truth, ScoreTable scores, String proxy) {
        if (!scores.proxies().contains(proxy)) {
            throw new IllegalArgumentException("proxy '" + proxy + "' is not in the results; they hold: "
                    + String.join(", ", scores.proxies()) + " (choose one with --proxy)");
        }
        ProxyOrientation orientation = ProxyOrientation.of(proxy);
        List<Arch> archs = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        List<Double> score = new ArrayList<>();
        for (String arch : scores.archs()) {
            double s = scores.score(arch, proxy);
            if (truth.contains(arch) && Double.isFinite(s)) {
                archs.add(Arch.parse(arch));
                acc.add(truth.accuracy(arch));
                score.add(orientation.orient(s));
            }
        }
        if (archs.isEmpty()) {
            throw new IllegalArgumentException("no arch has both a finite " + proxy + " score and ground truth ("
                    + truth.column() + "); check --results, --truth and --dataset");
        }
        return new SearchSpace(archs, acc.stream().mapToDouble(Double::doubleValue).toArray(),
                score.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
