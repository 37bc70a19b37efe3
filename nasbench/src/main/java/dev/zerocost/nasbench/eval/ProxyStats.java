package dev.zerocost.nasbench.eval;

/**
 * The correlations of one proxy's oriented score with test accuracy, over the {@code n} archs that
 * have both a score (an infinite one stands just beyond the finite ones) and a ground-truth
 * accuracy ({@code dropped} archs lacked one).
 * {@code score} and {@code accuracy} are the paired values (kept for plots).
 */
public record ProxyStats(String proxy, ProxyOrientation orientation, int n, int dropped,
                         double kendall, Bootstrap.Interval kendallCi,
                         double spearman, Bootstrap.Interval spearmanCi,
                         double pearson, double topOverlap,
                         double[] score, double[] accuracy) {

    /** Computes every statistic of the paired (oriented score, accuracy) values. */
    public static ProxyStats compute(String proxy, ProxyOrientation orientation, double[] score, double[] accuracy,
                                     int dropped, EvalOptions options) {
        int n = score.length;
        boolean enough = n >= 2;
        double kendall = enough ? KendallTau.tauB(score, accuracy) : Double.NaN;
        double spearman = enough ? Correlations.spearman(score, accuracy) : Double.NaN;
        double pearson = enough ? Correlations.pearson(score, accuracy) : Double.NaN;
        double top = n > 0 ? TopOverlap.fraction(score, accuracy, options.topPercent()) : Double.NaN;
        Bootstrap.Interval kendallCi = Bootstrap.interval(score, accuracy, KendallTau::tauB,
                options.bootstrap(), options.seed(), options.level());
        Bootstrap.Interval spearmanCi = Bootstrap.interval(score, accuracy, Correlations::spearman,
                options.bootstrap(), options.seed(), options.level());
        return new ProxyStats(proxy, orientation, n, dropped, kendall, kendallCi, spearman, spearmanCi,
                pearson, top, score, accuracy);
    }
}
