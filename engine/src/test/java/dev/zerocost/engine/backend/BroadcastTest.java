package dev.zerocost.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BroadcastTest {
    @Test
    void aPerChannelOperandKeepsTheChannelAxisAndMergesThePlane() {
        Broadcast bc = Broadcast.of(new int[] {64, 16, 8, 8}, new int[] {1, 16, 1, 1}).coalesced();
        assertArrayEquals(new int[] {64, 16, 64}, bc.shape());
        assertArrayEquals(new long[] {1024, 64, 1}, bc.aStrides());
        assertArrayEquals(new long[] {0, 1, 0}, bc.bStrides());
        assertNull(bc.cStrides());
    }

    @Test
    void sameShapeOperandsBecomeOneRun() {
        Broadcast bc = Broadcast.of(new int[] {2, 3, 4}, new int[] {2, 3, 4}).coalesced();
        assertArrayEquals(new int[] {24}, bc.shape());
        assertArrayEquals(new long[] {1}, bc.aStrides());
        assertArrayEquals(new long[] {1}, bc.bStrides());
    }

    @Test
    void aScalarShapedOperandBecomesOneRunWithStrideZero() {
        Broadcast bc = Broadcast.of(new int[] {2, 3, 4}, new int[] {1, 1, 1}).coalesced();
        assertArrayEquals(new int[] {24}, bc.shape());
        assertArrayEquals(new long[] {0}, bc.bStrides());
    }

    @Test
    void twoSidedBroadcastsDoNotMergeAcrossTheSwitch() {
        // a [2, 1, 4, 5] against b [2, 3, 1, 1]: a steps over (4, 5) as one run, b over (2, 3)
        Broadcast bc = Broadcast.of(new int[] {2, 1, 4, 5}, new int[] {2, 3, 1, 1}).coalesced();
        assertArrayEquals(new int[] {2, 3, 20}, bc.shape());
        assertArrayEquals(new long[] {20, 0, 1}, bc.aStrides());
        assertArrayEquals(new long[] {3, 1, 0}, bc.bStrides());
    }

    @Test
    void threeOperandsMergeOnlyWhereAllThreeAllow() {
        Broadcast bc = Broadcast.of(new int[] {2, 3, 4}, new int[] {2, 3, 4}, new int[] {1, 1, 4}).coalesced();
        assertArrayEquals(new int[] {6, 4}, bc.shape());
        assertArrayEquals(new long[] {4, 1}, bc.aStrides());
        assertArrayEquals(new long[] {0, 1}, bc.cStrides());
    }

    @Test
    void extentOneAxesAreDroppedAndAnAlreadyMinimalMappingIsReturnedAsItIs() {
        Broadcast ones = Broadcast.of(new int[] {1, 1}, new int[] {1}).coalesced();
        assertEquals(0, ones.shape().length);
        assertEquals(1, ones.size());
        Broadcast minimal = Broadcast.of(new int[] {4, 1}, new int[] {1, 6});
        assertSame(minimal, minimal.coalesced());
    }
}
