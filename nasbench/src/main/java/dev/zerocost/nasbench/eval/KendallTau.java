package dev.zerocost.nasbench.eval;

import java.util.Arrays;

/**
 * Kendall's tau-b in O(n log n) (Knight 1966, as scipy.stats.kendalltau computes it): sort by
 * (x, y), count pairs tied in x and pairs tied in both, then count the swaps of a merge sort by y,
 * which are the discordant pairs, and the pairs tied in y.
 * tau-b = (n0 - n1 - n2 + n3 - 2 swaps) / sqrt((n0 - n1)(n0 - n2)).
 */
public final class KendallTau {
    private KendallTau() {
    }

    /** Kendall tau-b of finite paired values; NaN when either side is constant or n is below 2. */
    public static double tauB(double[] x, double[] y) {
        Correlations.checkPaired(x, y);
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> x[a] != x[b] ? Double.compare(x[a], x[b]) : Double.compare(y[a], y[b]));
        double[] ys = new double[n];
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[boxed[i]];
            ys[i] = y[boxed[i]];
        }
        long xTies = 0;
        long jointTies = 0;
        long runX = 1;
        long runXY = 1;
        for (int i = 1; i <= n; i++) {
            boolean sameX = i < n && xs[i] == xs[i - 1];
            boolean sameXY = sameX && ys[i] == ys[i - 1];
            if (sameX) {
                runX++;
            } else {
                xTies += pairs(runX);
                runX = 1;
            }
            if (sameXY) {
                runXY++;
            } else {
                jointTies += pairs(runXY);
                runXY = 1;
            }
        }
        long swaps = mergeSortCountingSwaps(ys, new double[n], 0, n);
        long yTies = 0;
        long runY = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && ys[i] == ys[i - 1]) {
                runY++;
            } else {
                yTies += pairs(runY);
                runY = 1;
            }
        }
        long total = pairs(n);
        double numerator = (double) (total - xTies - yTies + jointTies) - 2.0 * swaps;
        double denominator = Math.sqrt((double) (total - xTies) * (double) (total - yTies));
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    private static long pairs(long k) {
        return k * (k - 1) / 2;
    }

    /** Sorts a[from, to) ascending; returns how many pairs were strictly out of order. */
    private static long mergeSortCountingSwaps(double[] a, double[] scratch, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long swaps = mergeSortCountingSwaps(a, scratch, from, mid) + mergeSortCountingSwaps(a, scratch, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                swaps += mid - i; // a[j] jumps over every remaining left element, all strictly larger
                scratch[k++] = a[j++];
            } else {
                scratch[k++] = a[i++];
            }
        }
        while (i < mid) {
            scratch[k++] = a[i++];
        }
        while (j < to) {
            scratch[k++] = a[j++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
        return swaps;
    }
}
