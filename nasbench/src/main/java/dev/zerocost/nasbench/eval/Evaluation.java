package dev.zerocost.nasbench.eval;

import dev.zerocost.proxies.Vote;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins {@code zerocost score} results with ground-truth accuracy and correlates every proxy (and
 * the synflow/jacob_cov/snip {@code vote} when all three are present) with test accuracy.
 * Usage: {@code Evaluation.run(List.of(results), truthCsv, "cifar10", EvalOptions.defaults()).markdown()}.
 */
public final class Evaluation {
    /** The proxies whose majority makes the zero-cost-nas vote. */
    public static final List<String> VOTERS = List.of("synflow", "jacob_cov", "snip");

    private Evaluation() {
    }

    /**
     * Reads the files and evaluates. {@code dataset} null means the dataset the records name when it is
     * one with ground truth, else cifar10.
     */
    public static EvaluationReport run(List<Path> results, Path truthCsv, String dataset, EvalOptions options) throws IOException {
        ScoreTable scores = ResultsFile.read(results);
        List<String> notes = new ArrayList<>(scores.notes());
        String ds = dataset;
        if (ds == null) {
            ds = PublishedNumbers.DATASETS.contains(scores.dataset()) ? scores.dataset() : "cifar10";
        }
        if (scores.dataset() != null && !scores.dataset().equals(ds)) {
            notes.add("scores were computed on '" + scores.dataset() + "', compared with " + ds + " accuracy");
        }
        GroundTruth truth = GroundTruth.read(truthCsv, ds, options.archColumn(), options.accColumn());
        return evaluate(scores, truth, ds, options, notes);
    }

    /** Evaluates scores already read. */
    public static EvaluationReport evaluate(ScoreTable scores, GroundTruth truth, String dataset, EvalOptions options,
                                            List<String> notes) {
        List<String> archs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String arch : scores.archs()) {
            (truth.contains(arch) ? archs : missing).add(arch);
        }
        if (!missing.isEmpty()) {
            notes.add(missing.size() + " scored archs are not in the ground truth (" + truth.column() + ") and are left out, e.g. "
                    + missing.get(0));
        }
        double[] accuracy = archs.stream().mapToDouble(truth::accuracy).toArray();
        List<ProxyStats> rows = new ArrayList<>();
        for (String proxy : scores.proxies()) {
            ProxyOrientation orientation = ProxyOrientation.of(proxy);
            if (!orientation.known()) {
                notes.add("proxy '" + proxy + "' is not in the registry; treated as higher-is-better");
            }
            double[] oriented = archs.stream().mapToDouble(a -> orientation.orient(scores.score(a, proxy))).toArray();
            rows.add(stats(proxy, orientation, oriented, accuracy, scores.archs().size(), options, notes));
        }
        double agreement = Double.NaN;
        if (scores.proxies().containsAll(VOTERS)) {
            double[][] voters = new double[VOTERS.size()][];
            boolean[] higher = new boolean[VOTERS.size()];
            for (int p = 0; p < VOTERS.size(); p++) {
                String name = VOTERS.get(p);
                voters[p] = archs.stream().mapToDouble(a -> scores.score(a, name)).toArray();
                higher[p] = ProxyOrientation.of(name).higherIsBetter();
            }
            agreement = Vote.pairwiseAgreement(voters, higher, accuracy);
            rows.add(stats("vote", ProxyOrientation.of("vote"), Vote.scores(voters, higher), accuracy,
                    scores.archs().size(), options, notes));
            notes.add("vote = per arch, how many other archs it beats by majority of synflow, jacob_cov, snip (zero-cost-nas); "
                    + "its intervals resample a fixed vote score");
        }
        return new EvaluationReport(dataset, truth.column(), archs.size(), missing.size(), rows, agreement, options, notes);
    }

    /**
     * NaN means no score and the arch is dropped. An infinite score is a score (NASWOT's singular
     * kernel gives -Infinity, the worst possible): for the rank statistics it stands just beyond
     * every finite score, as scipy's rankdata orders it; Pearson uses the finite scores only.
     */
    private static ProxyStats stats(String proxy, ProxyOrientation orientation, double[] oriented, double[] accuracy,
                                    int scored, EvalOptions options, List<String> notes) {
        int finite = 0;
        int infinite = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double s : oriented) {
            if (Double.isFinite(s)) {
                finite++;
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            } else if (Double.isInfinite(s)) {
                infinite++;
            }
        }
        if (finite == 0) {
            lo = 0;
            hi = 0;
        }
        double[] score = new double[finite + infinite];
        double[] acc = new double[finite + infinite];
        double[] finiteScore = new double[finite];
        double[] finiteAcc = new double[finite];
        int k = 0;
        int f = 0;
        for (int i = 0; i < oriented.length; i++) {
            double s = oriented[i];
            if (Double.isNaN(s)) {
                continue;
            }
            if (Double.isFinite(s)) {
                finiteScore[f] = s;
                finiteAcc[f++] = accuracy[i];
            }
            score[k] = s == Double.NEGATIVE_INFINITY ? Math.nextDown(lo) : s == Double.POSITIVE_INFINITY ? Math.nextUp(hi) : s;
            acc[k++] = accuracy[i];
        }
        ProxyStats all = ProxyStats.compute(proxy, orientation, score, acc, scored - finite - infinite, options);
        if (infinite == 0) {
            return all;
        }
        notes.add(proxy + ": " + infinite + " archs scored an infinite value; ranked beyond every finite score, Pearson over the "
                + finite + " finite ones");
        double pearson = finite >= 2 ? Correlations.pearson(finiteScore, finiteAcc) : Double.NaN;
        return new ProxyStats(all.proxy(), all.orientation(), all.n(), all.dropped(), all.kendall(), all.kendallCi(),
                all.spearman(), all.spearmanCi(), pearson, all.topOverlap(), all.score(), all.accuracy());
    }
}
