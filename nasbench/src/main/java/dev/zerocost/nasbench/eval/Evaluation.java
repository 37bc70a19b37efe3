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
            rows.add(stats(proxy, orientation, oriented, accuracy, scores.archs().size(), options));
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
                    scores.archs().size(), options));
            notes.add("vote = per arch, how many other archs it beats by majority of synflow, jacob_cov, snip (zero-cost-nas); "
                    + "its intervals resample a fixed vote score");
        }
        return new EvaluationReport(dataset, truth.column(), archs.size(), missing.size(), rows, agreement, options, notes);
    }

    private static ProxyStats stats(String proxy, ProxyOrientation orientation, double[] oriented, double[] accuracy,
                                    int scored, EvalOptions options) {
        int finite = 0;
        for (double s : oriented) {
            if (Double.isFinite(s)) {
                finite++;
            }
        }
        double[] score = new double[finite];
        double[] acc = new double[finite];
        int k = 0;
        for (int i = 0; i < oriented.length; i++) {
            if (Double.isFinite(oriented[i])) {
                score[k] = oriented[i];
                acc[k++] = accuracy[i];
            }
        }
        return ProxyStats.compute(proxy, orientation, score, acc, scored - finite, options);
    }
}
