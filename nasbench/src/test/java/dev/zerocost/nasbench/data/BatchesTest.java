package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Golden indices were computed by an independent Python transcription of the documented algorithm. */
class BatchesTest {

    @Test
    void splitMix64MatchesItsPublishedReferenceOutput() {
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xe220a8397b1dcdafL, r.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
        assertEquals(0x06c45d188009454fL, r.nextLong());
    }

    @Test
    void sequentialBatchesAreConsecutiveImagesInOrder() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, Batches.sequentialIndices(10, 4, 0));
        assertArrayEquals(new int[] {4, 5, 6, 7}, Batches.sequentialIndices(10, 4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batches.sequentialIndices(10, 4, 2));
        assertTrue(e.getMessage().contains("12") && e.getMessage().contains("10"), e.getMessage());
    }

    @Test
    void aSeedGivesTheSameRandomBatchEverywhere() {
        assertArrayEquals(new int[] {51, 90, 99, 58, 49, 72, 34, 46}, Batches.randomIndices(100, 8, 0, 42));
        assertArrayEquals(new int[] {91, 98, 23, 76, 16, 11, 80, 20}, Batches.randomIndices(100, 8, 1, 42));
        assertArrayEquals(new int[] {10, 676, 324, 75, 627}, Batches.randomIndices(1000, 5, 0, 7));
        assertArrayEquals(Batches.randomIndices(1000, 64, 3, 9), Batches.randomIndices(1000, 64, 3, 9));
        assertFalse(Arrays.equals(Batches.randomIndices(1000, 64, 0, 9), Batches.randomIndices(1000, 64, 0, 10)));
    }

    @Test
    void batchesOfOneSeedNeverShareAnImage() {
        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < 10; b++) {
            for (int i : Batches.randomIndices(100, 10, b, 3)) {
                assertTrue(seen.add(i), "image " + i + " repeated in batch " + b);
            }
        }
        assertEquals(100, seen.size());
    }

    @Test
    void classBalancedBatchesHoldKOfEachClassClassMajor() {
        long[] labels = new long[12];
        for (int i = 0; i < 12; i++) {
            labels[i] = (i * 7) % 3;
        }
        assertArrayEquals(new int[] {6, 3, 1, 7, 11, 2}, Batches.classBalancedIndices(labels, 3, 2, 5));

        byte[] px = new byte[12];
        RawImages raw = new RawImages(px, labels, 12, 1, 1, 1, "hand");
        RawImages balanced = Batches.classBalanced(raw, 3, 4, 1);
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, balanced.labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batches.classBalanced(raw, 3, 5, 1));
        assertTrue(e.getMessage().contains("class 0 has 4 images"), e.getMessage());
    }

    @Test
    void selectionsSayWhatWasSelected() {
        RawImages raw = new RawImages(new byte[] {1, 2, 3, 4}, new long[] {0, 1, 0, 1}, 4, 1, 1, 1, "hand");
        RawImages b = Batches.sequential(raw, 2, 1);
        assertArrayEquals(new byte[] {3, 4}, b.pixels());
        assertTrue(b.source().endsWith("sequential batch 1 of 2"), b.source());
        assertTrue(Batches.random(raw, 2, 0, 5).source().contains("seed 5"));
    }
}
