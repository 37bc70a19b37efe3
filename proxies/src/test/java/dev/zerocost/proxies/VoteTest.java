package dev.zerocost.proxies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The zero-cost-nas majority vote, on cases worked out by hand. */
class VoteTest {
    // three proxies over three archs; pairwise majorities worked out by hand:
    // 0 beats 1 (2 of 3), 0 beats 2 (2 of 3), 2 beats 1 (2 of 3)
    private static final double[][] SCORES = {{3, 2, 1}, {1, 2, 3}, {3, 1, 2}};
    private static final boolean[] ALL_HIGHER = {true, true, true};

    @Test
    void eachArchScoresTheNumberOfArchsItBeatsByMajority() {
        assertArrayEquals(new double[] {2, 0, 1}, Vote.scores(SCORES, ALL_HIGHER));
    }

    @Test
    void aLowerIsBetterProxyIsNegatedBeforeVoting() {
        // negating proxy 1 makes it agree with proxy 0: 0 > 1 > 2 by every majority
        assertArrayEquals(new double[] {2, 1, 0}, Vote.scores(SCORES, new boolean[] {true, false, true}));
    }

    @Test
    void pairwiseAgreementCountsOrderedPairsAsTheNotebookDoes() {
        // vote order 0 > 2 > 1: truth 30 > 10 < 20 agrees on all six ordered pairs
        assertEquals(1.0, Vote.pairwiseAgreement(SCORES, ALL_HIGHER, new double[] {30, 10, 20}), 0);
        // truth 30 > 20 > 10: the pair (1, 2) is voted the wrong way, in both orders
        assertEquals(4.0 / 6, Vote.pairwiseAgreement(SCORES, ALL_HIGHER, new double[] {30, 20, 10}), 1e-15);
        // equal truth skips the pair: 4 ordered pairs remain, (1,2) and (2,1) are wrong
        assertEquals(2.0 / 4, Vote.pairwiseAgreement(SCORES, ALL_HIGHER, new double[] {30, 30, 10}), 1e-15);
    }

    @Test
    void equalScoresInEveryProxyAreAVoteAgainstInBothOrders() {
        double[][] tied = {{1, 1}, {1, 1}, {1, 1}};
        assertArrayEquals(new double[] {0, 0}, Vote.scores(tied, ALL_HIGHER));
        assertEquals(0.5, Vote.pairwiseAgreement(tied, ALL_HIGHER, new double[] {2, 1}), 0);
    }

    @Test
    void anArchWithANanScoreGetsNanAndIsLeftOutOfTheOthersCounts() {
        double[][] withNan = {{3, 2, Double.NaN}, {3, 2, 1}, {3, 2, 1}};
        double[] votes = Vote.scores(withNan, ALL_HIGHER);
        assertEquals(1.0, votes[0]);
        assertEquals(0.0, votes[1]);
        assertEquals(Double.NaN, votes[2]);
    }

    @Test
    void mismatchedInputsAreRejectedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> Vote.scores(new double[][] {{1, 2}, {1}}, new boolean[] {true, true}));
        assertThrows(IllegalArgumentException.class, () -> Vote.scores(SCORES, new boolean[] {true}));
    }
}
