package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Fixtures: tools/reference/make_pickle_fixtures.py (synthetic content). */
class PickleReaderTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void readsEveryValueOfTheMixedPickleAtEachProtocol(int protocol) throws IOException {
        Map<?, ?> m = (Map<?, ?>) PickleReader.load(SharedData.resource("mixed_protocol" + protocol + ".pkl"));
        NumpyArray data = (NumpyArray) m.get("data");
        assertEquals("|u1", data.dtype());
        assertArrayEquals(new int[] {3, 4}, data.shape());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, data.uint8());
        assertArrayEquals(new long[] {1, -2, 3}, ((NumpyArray) m.get("labels")).toLongArray());
        assertArrayEquals(new double[] {1.5, -2.25}, ((NumpyArray) m.get("f32")).toDoubleArray());
        NumpyArray i32 = (NumpyArray) m.get("i32");
        assertEquals("<i4", i32.dtype());
        assertArrayEquals(new int[] {2, 1}, i32.shape());
        assertArrayEquals(new long[] {7, -8}, i32.toLongArray());
        assertEquals(7L, m.get("scalar"));
        assertEquals(0.5, m.get("fscalar"));
        assertEquals(BigInteger.TWO.pow(70), m.get("big"));
        assertEquals(-123456789L, m.get("neg"));
        assertEquals(-1L, m.get("minus_one"));
        assertEquals(3.25, m.get("flt"));
        assertTrue(m.containsKey("none"));
        assertNull(m.get("none"));
        assertEquals(List.of(true, false), m.get("flags"));
        List<?> nested = (List<?>) m.get("nested");
        assertEquals(List.of(1L, 2L), nested.get(0));
        assertEquals(Map.of("k", "v"), nested.get(1));
        assertSame(nested.get(0), nested.get(2), "a shared list is one object (memo)");
        assertEquals("h\u00e9llo \u2713", m.get("text"));
        assertArrayEquals(new byte[] {0, (byte) 0xFF, 'a', 'b'}, (byte[]) m.get("raw"));
        assertEquals(List.of(), m.get("empty"));
    }

    @Test
    void readsPython2PicklesWithStrKeysAndBinstringArrayData() throws IOException {
        Map<?, ?> m = (Map<?, ?>) PickleReader.load(SharedData.resource("imagenet16_py2_batch.pkl"));
        assertEquals("|u1", ((NumpyArray) m.get("data")).dtype());
        assertEquals(List.of(1L, 120L, 121L, 1000L, 7L, 120L), m.get("labels"));
        NumpyArray mean = (NumpyArray) PickleReader.get(m, "mean");
        assertEquals("<f8", mean.dtype());
        assertArrayEquals(new double[] {0.25, -1.5, 3.0}, mean.toDoubleArray());
    }

    @Test
    void acceptsTheNumpy2ModuleSpelling() throws IOException {
        Map<?, ?> m = (Map<?, ?>) PickleReader.load(SharedData.resource("numpy2_spelling_py2.pkl"));
        assertEquals(768, ((NumpyArray) m.get("data")).size());
    }

    @Test
    void refusesAnyOtherGlobalWithoutRunningIt() {
        IOException e = assertThrows(IOException.class, () -> PickleReader.load(SharedData.resource("evil_global.pkl")));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertTrue(e.getMessage().contains("never executes"), e.getMessage());
        assertTrue(e.getMessage().contains("evil_global.pkl"), e.getMessage());
    }

    @Test
    void everyTruncationIsAnIoErrorNamingTheInput() throws IOException {
        byte[] full = Files.readAllBytes(SharedData.resource("mixed_protocol4.pkl"));
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            IOException e = assertThrows(IOException.class,
                    () -> PickleReader.load(new ByteArrayInputStream(part), "cut.pkl"), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("cut.pkl: "), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed_protocol2.pkl", "mixed_protocol4.pkl", "cifar100_py2_train.pkl"})
    void corruptBytesGiveAValueOrAnIoErrorNeverAnotherException(String fixture) throws IOException {
        byte[] full = Files.readAllBytes(SharedData.resource(fixture));
        int[] replacements = {0x00, 0xFF, 0x80, '(', 't', 'R', 'b', 'h'};
        for (int at = 0; at < Math.min(full.length, 700); at++) {
            for (int r : replacements) {
                byte[] bad = full.clone();
                bad[at] = (byte) r;
                try {
                    PickleReader.load(new ByteArrayInputStream(bad), "bad.pkl");
                } catch (IOException expected) {
                    assertTrue(expected.getMessage().startsWith("bad.pkl: "), expected.getMessage());
                }
            }
        }
    }

    @Test
    void dataAfterStopIsIgnoredButAnUnknownOpcodeIsNamed() throws IOException {
        assertEquals(5L, PickleReader.load(new ByteArrayInputStream(new byte[] {(byte) 0x80, 2, 'K', 5, '.', 'x'}), "t"));
        IOException e = assertThrows(IOException.class,
                () -> PickleReader.load(new ByteArrayInputStream(new byte[] {(byte) 0x80, 2, 'i', '.'}), "t"));
        assertTrue(e.getMessage().contains("0x69"), e.getMessage());
    }
}
