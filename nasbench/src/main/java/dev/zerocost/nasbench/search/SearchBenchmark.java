package dev.zerocost.nasbench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs search algorithms on one space over several seeds and averages the best accuracy found
 * against the number of trained archs. Seed s of every algorithm starts from
 * {@code new SplittableRandom(baseSeed + s)}, so runs are reproducible.
 */
public final class SearchBenchmark {
    private SearchBenchmark() {
    }

    /** The best-so-far curves of one algorithm: {@code runs[seed][t]} after t+1 trained archs. */
    public record Curves(String algorithm, double[][] runs) {
        /** Mean over seeds after {@code trained} archs (1-based). */
        public double mean(int trained) {
            double s = 0;
            for (double[] r : runs) {
                s += r[trained - 1];
            }
            return s / runs.length;
        }

        /** Sample standard deviation over seeds after {@code trained} archs; 0 for one seed. */
        public double std(int trained) {
            if (runs.length < 2) {
                return 0;
            }
            double m = mean(trained);
            double s = 0;
            for (double[] r : runs) {
                s += (r[trained - 1] - m) * (r[trained - 1] - m);
            }
            return Math.sqrt(s / (runs.length - 1));
        }
    }

    /** One algorithm, {@code seeds} runs of {@code budget} trained archs. */
    public static Curves run(SearchAlgorithm algorithm, SearchSpace space, int budget, int seeds, long baseSeed) {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        if (algorithm.needsProxy() && !space.hasProxy()) {
            throw new IllegalArgumentException(algorithm.name() + " needs proxy scores; pass --results FILE.jsonl and --proxy NAME");
        }
        double[][] runs = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            Trainer trainer = new Trainer(space, budget);
            algorithm.run(space, trainer, new SplittableRandom(baseSeed + s));
            runs[s] = trainer.bestSoFar();
        }
        return new Curves(algorithm.name(), runs);
    }

    /** Every algorithm in turn. */
    public static List<Curves> runAll(List<SearchAlgorithm> algorithms, SearchSpace space, int budget, int seeds, long baseSeed) {
        List<Curves> out = new ArrayList<>();
        for (SearchAlgorithm a : algorithms) {
            out.add(run(a, space, budget, seeds, baseSeed));
        }
        return out;
    }
}
