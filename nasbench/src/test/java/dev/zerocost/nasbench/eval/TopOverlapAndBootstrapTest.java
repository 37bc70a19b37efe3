package dev.zerocost.nasbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Top-k% overlap and percentile bootstrap intervals. */
class TopOverlapAndBootstrapTest {
    @Test
    void topOverlapIsTheFractionOfTheTruthsBestFoundAmongTheScoresBest() {
        double[] truth = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        // top 20% = 2 archs: truth's best are 0 and 1; the score's best are 0 and 5
        double[] score = {100, 1, 2, 3, 4, 50, 0, 0, 0, 0};
        assertEquals(0.5, TopOverlap.fraction(score, truth, 20), 0);
        assertEquals(1.0, TopOverlap.fraction(truth, truth, 10), 0);
        assertEquals(2, TopOverlap.count(10, 20));
        assertEquals(1, TopOverlap.count(5, 1), "at least one arch");
        assertThrows(IllegalArgumentException.class, () -> TopOverlap.count(10, 0));
    }

    @Test
    void quantileInterpolatesLinearlyAsNumpyDoes() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2.5, Bootstrap.quantile(sorted, 0.5), 0);
        assertEquals(1.075, Bootstrap.quantile(sorted, 0.025), 1e-15);
        assertEquals(4.0, Bootstrap.quantile(sorted, 1.0), 0);
    }

    @Test
    void bootstrapIsDeterministicForASeedAndBracketsTheEstimate() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 300;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
            y[i] = x[i] + 0.3 * random.nextGaussian();
        }
        Bootstrap.Interval a = Bootstrap.interval(x, y, Correlations::spearman, 200, 42, 0.95);
        Bootstrap.Interval b = Bootstrap.interval(x, y, Correlations::spearman, 200, 42, 0.95);
        assertEquals(a, b);
        double rho = Correlations.spearman(x, y);
        assertTrue(a.low() < rho && rho < a.high(), a + " around " + rho);
        assertTrue(a.high() - a.low() < 0.2, "300 pairs give a narrow interval: " + a);
        assertTrue(Double.isNaN(Bootstrap.interval(x, y, Correlations::spearman, 0, 1, 0.95).low()), "no resamples, no interval");
    }
}
