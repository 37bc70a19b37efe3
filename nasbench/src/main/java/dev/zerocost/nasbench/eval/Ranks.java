package dev.zerocost.nasbench.eval;

import java.util.Arrays;
import java.util.Comparator;

/** Ranks with ties given their average rank (1-based), as Spearman's rho and scipy's rankdata use. */
public final class Ranks {
    private Ranks() {
    }

    /** The average ranks of {@code values}: the smallest gets 1, a tie of k values shares their mean rank. */
    public static double[] average(double[] values) {
        int n = values.length;
        Integer[] order = sortedOrder(values);
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && values[order[end]] == values[order[start]]) {
                end++;
            }
            double mean = (start + 1 + end) / 2.0; // mean of ranks start+1 .. end
            for (int k = start; k < end; k++) {
                ranks[order[k]] = mean;
            }
            start = end;
        }
        return ranks;
    }

    /** Indices of {@code values} in ascending order of value; equal values keep index order. */
    public static Integer[] sortedOrder(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        return order;
    }
}
