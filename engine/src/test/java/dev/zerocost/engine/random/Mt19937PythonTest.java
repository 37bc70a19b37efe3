package dev.zerocost.engine.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPython side of {@link Mt19937}. Expected values were printed once by CPython 3.11's
 * {@code random} module (e.g. {@code random.Random(88).getrandbits(32)}); no Python is needed to run.
 */
class Mt19937PythonTest {

    private static long[] draw32(Mt19937 mt, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = mt.nextUnsigned32();
        }
        return out;
    }

    @Test
    void seed88DrawsTheSameWordsAsPython() {
        assertArrayEquals(new long[] {1707201716L, 4182107318L, 813946014L, 1429399738L, 3875947387L},
                draw32(Mt19937.pythonSeed(88), 5));
    }

    @Test
    void seedZeroAndASeedWiderThan32BitsMatchPython() {
        assertArrayEquals(new long[] {3626764237L, 1654615998L, 3255389356L}, draw32(Mt19937.pythonSeed(0), 3));
        assertArrayEquals(new long[] {2635837658L, 3209733218L, 3500038837L},
                draw32(Mt19937.pythonSeed((1L << 40) + 7), 3));
    }

    @Test
    void drawsAfterTheFirstTwistStillMatchPython() {
        Mt19937 mt = Mt19937.pythonSeed(88);
        draw32(mt, 624);
        assertArrayEquals(new long[] {3039405909L, 1105593391L}, draw32(mt, 2));
    }

    @Test
    void getRandBitsKeepsTheTopBitsLikePython() {
        Mt19937 mt = Mt19937.pythonSeed(88);
        int[] bits = new int[5];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = mt.getRandBits(5);
        }
        assertArrayEquals(new int[] {12, 31, 6, 10, 28}, bits);
        assertThrows(IllegalArgumentException.class, () -> mt.getRandBits(33));
    }

    @Test
    void randBelowRejectsLikePythonsRandbelow() {
        Mt19937 mt = Mt19937.pythonSeed(5);
        int[] small = new int[10];
        for (int i = 0; i < small.length; i++) {
            small[i] = mt.randBelow(10);
        }
        assertArrayEquals(new int[] {9, 4, 5, 8, 0, 7, 3, 0, 2, 1}, small);
        int[] large = new int[5];
        for (int i = 0; i < large.length; i++) {
            large[i] = mt.randBelow(15625);
        }
        assertArrayEquals(new int[] {6091, 7685, 14228, 4039, 6238}, large);
    }

    @Test
    void shuffleMatchesPythonsRandomShuffle() {
        List<Integer> list = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        Mt19937.pythonSeed(42).shuffle(list);
        assertEquals(List.of(7, 3, 2, 8, 5, 6, 9, 4, 0, 1), list);
    }
}
