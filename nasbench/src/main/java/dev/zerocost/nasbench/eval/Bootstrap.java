package dev.zerocost.nasbench.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleBiFunction;

/**
 * Percentile bootstrap confidence intervals of a paired statistic: resample the (x, y) pairs with
 * replacement {@code resamples} times from a fixed seed, compute the statistic on each, and take the
 * (1-level)/2 and (1+level)/2 quantiles (linear interpolation, numpy's default). Resamples whose
 * statistic is NaN (e.g. all values equal) are left out.
 */
public final class Bootstrap {
    /** A confidence interval. */
    public record Interval(double low, double high) {
        /** An interval of NaN, when no bootstrap was asked for. */
        public static final Interval NONE = new Interval(Double.NaN, Double.NaN);
    }

    private Bootstrap() {
    }

    /** The {@code level} (e.g. 0.95) percentile interval of {@code statistic} over x, y. */
    public static Interval interval(double[] x, double[] y, ToDoubleBiFunction<double[], double[]> statistic,
                                    int resamples, long seed, double level) {
        Correlations.checkPaired(x, y);
        if (resamples <= 0 || x.length < 2) {
            return Interval.NONE;
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int n = x.length;
        double[] stats = new double[resamples];
        int kept = 0;
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                bx[i] = x[pick];
                by[i] = y[pick];
            }
            double s = statistic.applyAsDouble(bx, by);
            if (!Double.isNaN(s)) {
                stats[kept++] = s;
            }
        }
        if (kept == 0) {
            return Interval.NONE;
        }
        double[] sorted = Arrays.copyOf(stats, kept);
        Arrays.sort(sorted);
        return new Interval(quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2));
    }

    /** The q-quantile of sorted values with linear interpolation between order statistics. */
    public static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
