package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyntheticTest {

    @Test
    void gaussianBatchesSayTheyAreNotRealData() {
        ImageBatch b = Synthetic.gaussian(2, 3, 4, 4, 10, 1);
        assertTrue(b.isSynthetic());
        assertTrue(b.source().startsWith("synthetic gaussian (not real data)"), b.source());
        assertArrayEquals(new int[] {2, 3, 4, 4}, b.shape());
    }

    @Test
    void aSeedGivesTheSameBatchAndValuesAreStandardNormal() {
        ImageBatch a = Synthetic.gaussian(64, 3, 32, 32, 10, 42);
        assertArrayEquals(a.images(), Synthetic.gaussian(64, 3, 32, 32, 10, 42).images());
        assertArrayEquals(a.labels(), Synthetic.gaussian(64, 3, 32, 32, 10, 42).labels());
        double sum = 0;
        double squares = 0;
        for (float v : a.images()) {
            sum += v;
            squares += v * v;
        }
        int n = a.images().length;
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(1, std, 0.01);
        int[] counts = new int[10];
        for (long label : Synthetic.gaussian(2000, 1, 1, 1, 10, 42).labels()) {
            counts[(int) label]++;
        }
        for (int c : counts) {  // 200 expected, standard deviation 13.4
            assertTrue(c > 150 && c < 250, "label counts " + java.util.Arrays.toString(counts));
        }
    }
}
