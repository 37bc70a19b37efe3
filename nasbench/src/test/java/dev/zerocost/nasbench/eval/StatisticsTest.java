package dev.zerocost.nasbench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Kendall, Spearman, Pearson and ranks against textbook values and brute-force definitions. */
class StatisticsTest {
    @Test
    void kendallTauBMatchesTheScipyDocumentationExampleWithTies() {
        // scipy.stats.kendalltau docs: x1 = [12, 2, 1, 12, 2], x2 = [1, 4, 7, 1, 0] -> -0.47140452079103173
        assertEquals(-0.47140452079103173, KendallTau.tauB(new double[] {12, 2, 1, 12, 2}, new double[] {1, 4, 7, 1, 0}), 1e-15);
    }

    @Test
    void kendallTauBEqualsTheQuadraticDefinitionOnRandomDataWithManyTies() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(1 + trial % 9);
                y[i] = trial % 2 == 0 ? random.nextInt(5) : random.nextDouble();
            }
            assertEquals(bruteForceTauB(x, y), KendallTau.tauB(x, y), 1e-12, "trial " + trial);
        }
    }

    @Test
    void kendallOfAPerfectOrderIsOneAndOfAReversedOrderMinusOne() {
        double[] x = {1, 2, 3, 4};
        assertEquals(1.0, KendallTau.tauB(x, new double[] {10, 20, 30, 40}), 1e-15);
        assertEquals(-1.0, KendallTau.tauB(x, new double[] {4, 3, 2, 1}), 1e-15);
        assertTrue(Double.isNaN(KendallTau.tauB(x, new double[] {5, 5, 5, 5})));
    }

    @Test
    void averageRanksShareTheMeanRankOfATie() {
        assertArrayEquals(new double[] {2, 3.5, 3.5, 1}, Ranks.average(new double[] {10, 20, 20, 5}));
    }

    @Test
    void spearmanMatchesTheScipyDocumentationExampleWithATie() {
        // scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) -> 0.8207826816681233
        assertEquals(0.8207826816681233, Correlations.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}), 1e-15);
    }

    @Test
    void spearmanWithoutTiesEqualsTheSquaredRankDifferenceFormula() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 3 + random.nextInt(40);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble();
                y[i] = x[i] + random.nextGaussian();
            }
            double[] rx = Ranks.average(x);
            double[] ry = Ranks.average(y);
            double d2 = 0;
            for (int i = 0; i < n; i++) {
                d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
            }
            double formula = 1 - 6 * d2 / (n * ((double) n * n - 1));
            assertEquals(formula, Correlations.spearman(x, y), 1e-12);
        }
    }

    @Test
    void pearsonMatchesAHandComputedValue() {
        // dx = -1,0,1; dy = -4/3,-1/3,5/3; r = 3 / sqrt(2 * 42/9) = 9 / sqrt(84)
        assertEquals(9 / Math.sqrt(84), Correlations.pearson(new double[] {1, 2, 3}, new double[] {1, 2, 4}), 1e-15);
    }

    @Test
    void nonFiniteOrUnpairedInputIsRejectedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Correlations.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("drop archs with NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KendallTau.tauB(new double[] {1}, new double[] {1, 2}));
    }

    static double bruteForceTauB(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiedXOnly = 0;
        long tiedYOnly = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                } else if (dx == 0) {
                    tiedXOnly++;
                } else if (dy == 0) {
                    tiedYOnly++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiedXOnly) * (concordant + discordant + tiedYOnly));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}
