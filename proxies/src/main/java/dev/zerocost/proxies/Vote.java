package dev.zerocost.proxies;

/**
 * The majority vote of several proxies over pairs of architectures (zero-cost-nas, Abdelfattah et
 * al. 2021, notebook {@code nasbench201_correlations.ipynb}: synflow, jacob_cov and snip).
 *
 * <p>For archs i and j each proxy votes "i above j" when its oriented score difference is strictly
 * positive; i wins the pair when at least half of the proxies vote for it (the notebook's
 * {@code numpos >= len(mets)/2}). Scores are oriented first: a lower-is-better proxy is negated.
 * The notebook reports {@link #pairwiseAgreement}, the fraction of ordered pairs with different
 * accuracy whose vote agrees with the accuracy order. {@link #scores} turns the same vote into a
 * per-arch score (how many other archs an arch wins against), so it can be ranked like a proxy.
 * Both are O(n^2 m).
 */
public final class Vote {
    private Vote() {
    }

    /**
     * Per-arch vote score: the number of other archs this arch wins against by majority. An arch
     * with a NaN score in any proxy gets NaN and takes part in no comparison.
     *
     * @param scores {@code scores[p][i]}: proxy p's score of arch i
     * @param higherIsBetter orientation of each proxy
     */
    public static double[] scores(double[][] scores, boolean[] higherIsBetter) {
        double[][] oriented = orient(scores, higherIsBetter);
        int n = oriented[0].length;
        boolean[] valid = new boolean[n];
        for (int i = 0; i < n; i++) {
            valid[i] = true;
            for (double[] proxy : oriented) {
                valid[i] &= !Double.isNaN(proxy[i]);
            }
        }
        double[] wins = new double[n];
        for (int i = 0; i < n; i++) {
            if (!valid[i]) {
                wins[i] = Double.NaN;
                continue;
            }
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (j != i && valid[j] && wins(oriented, i, j)) {
                    count++;
                }
            }
            wins[i] = count;
        }
        return wins;
    }

    /**
     * The notebook's "votes correlation": over ordered pairs (i, j), i != j, with different truth,
     * the fraction where the vote for i over j agrees with the sign of truth[i] - truth[j]. As in the
     * notebook, a NaN score difference counts as a vote against.
     */
    public static double pairwiseAgreement(double[][] scores, boolean[] higherIsBetter, double[] truth) {
        double[][] oriented = orient(scores, higherIsBetter);
        int n = truth.length;
        if (oriented[0].length != n) {
            throw new IllegalArgumentException("vote: " + oriented[0].length + " scores but " + n + " truth values");
        }
        long right = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double diff = truth[i] - truth[j];
                if (i == j || diff == 0) {
                    continue;
                }
                boolean voteUp = wins(oriented, i, j);
                if (voteUp == (diff > 0)) {
                    right++;
                }
                total++;
            }
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    private static boolean wins(double[][] oriented, int i, int j) {
        int positive = 0;
        for (double[] proxy : oriented) {
            if (proxy[i] - proxy[j] > 0) {
                positive++;
            }
        }
        return positive >= oriented.length / 2.0;
    }

    private static double[][] orient(double[][] scores, boolean[] higherIsBetter) {
        if (scores.length == 0 || scores.length != higherIsBetter.length) {
            throw new IllegalArgumentException("vote needs at least one proxy and one orientation per proxy; got "
                    + scores.length + " score arrays and " + higherIsBetter.length + " orientations");
        }
        double[][] out = new double[scores.length][];
        for (int p = 0; p < scores.length; p++) {
            if (scores[p].length != scores[0].length) {
                throw new IllegalArgumentException("vote: proxy " + p + " has " + scores[p].length
                        + " scores, proxy 0 has " + scores[0].length + "; give every proxy the same archs");
            }
            out[p] = scores[p].clone();
            if (!higherIsBetter[p]) {
                for (int i = 0; i < out[p].length; i++) {
                    out[p][i] = -out[p][i];
                }
            }
        }
        return out;
    }
}
