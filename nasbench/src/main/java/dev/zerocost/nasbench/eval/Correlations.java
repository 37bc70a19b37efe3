package dev.zerocost.nasbench.eval;

/** Pearson's r and Spearman's rho (Pearson's r of average ranks, ties handled as scipy does). */
public final class Correlations {
    private Correlations() {
    }

    /** Pearson correlation of finite paired values; NaN when either side is constant or n is below 2. */
    public static double pearson(double[] x, double[] y) {
        checkPaired(x, y);
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return Math.max(-1, Math.min(1, r));
    }

    /** Spearman's rho: Pearson's r of the average ranks. */
    public static double spearman(double[] x, double[] y) {
        checkPaired(x, y);
        return pearson(Ranks.average(x), Ranks.average(y));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** Rejects arrays of different length or with NaN/infinite values (filter those first). */
    static void checkPaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("correlation of unpaired data: " + x.length + " vs " + y.length + " values");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("correlation input " + i + " is not finite (" + x[i] + ", " + y[i]
                        + "); drop archs with NaN scores before correlating");
            }
        }
    }
}
