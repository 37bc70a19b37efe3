package dev.zerocost.nasbench.eval;

import java.util.HashSet;
import java.util.Set;

/**
 * Top-k% overlap: of the k% archs with the highest truth, the fraction that are also among the k%
 * with the highest (oriented) score. k% of n is rounded to the nearest integer, at least 1. Ties at
 * the cut are broken by position (the earlier arch first), the same rule on both sides.
 */
public final class TopOverlap {
    private TopOverlap() {
    }

    /** How many archs the top {@code percent}% of {@code n} holds. */
    public static int count(int n, double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("top-k percent must be in (0, 100], got " + percent);
        }
        return Math.max(1, (int) Math.round(n * percent / 100.0));
    }

    /** The fraction (0..1) of the truth's top {@code percent}% found in the score's top {@code percent}%. */
    public static double fraction(double[] score, double[] truth, double percent) {
        Correlations.checkPaired(score, truth);
        if (score.length == 0) {
            return Double.NaN;
        }
        int k = count(score.length, percent);
        Set<Integer> bestByTruth = top(truth, k);
        int found = 0;
        for (int i : top(score, k)) {
            if (bestByTruth.contains(i)) {
                found++;
            }
        }
        return (double) found / k;
    }

    private static Set<Integer> top(double[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < k; i++) {
            out.add(order[i]);
        }
        return out;
    }
}
