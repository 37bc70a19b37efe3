package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pixel rule of the fixtures: byte j of image row i is (37 i + 11 j + 5) mod 256. */
class PickledImagesTest {
    static int expectedPixel(int image, int byteInRow) {
        return (37 * image + 11 * byteInRow + 5) % 256;
    }

    static void assertFixturePixels(RawImages raw, int[] originalRows) {
        int size = raw.imageSize();
        for (int k = 0; k < raw.n(); k++) {
            for (int j = 0; j < size; j++) {
                assertEquals(expectedPixel(originalRows[k], j), raw.pixels()[k * size + j] & 0xFF, "image " + k + " byte " + j);
            }
        }
    }

    @Test
    void readsACifar10PythonBatchAsPlanesAndLabels() throws IOException {
        RawImages raw = PickledImages.readCifar10(SharedData.resource("cifar10_py2_batch.pkl"));
        assertEquals(2, raw.n());
        assertEquals(32, raw.height());
        assertArrayEquals(new long[] {3, 8}, raw.labels());
        assertFixturePixels(raw, new int[] {0, 1});
        // data row = R plane, G plane, B plane: G of (y=0, x=1) is row byte 1024 + 1
        assertEquals(expectedPixel(1, 1025), raw.pixel(1, 1, 0, 1));
    }

    @Test
    void readsTheFineLabelsOfACifar100PythonFile() throws IOException {
        RawImages raw = PickledImages.readCifar100(SharedData.resource("cifar100_py2_train.pkl"));
        assertArrayEquals(new long[] {42}, raw.labels());
        assertFixturePixels(raw, new int[] {0});
    }

    @Test
    void aPickleWithoutTheExpectedKeysOrShapeIsAnErrorSayingWhatWasFound() {
        Path cifar100 = SharedData.resource("cifar100_py2_train.pkl");
        IOException e = assertThrows(IOException.class, () -> PickledImages.readCifar10(cifar100));
        assertTrue(e.getMessage().contains("'labels'") && e.getMessage().contains("fine_labels"), e.getMessage());

        Path mixed = SharedData.resource("mixed_protocol4.pkl");
        e = assertThrows(IOException.class, () -> PickledImages.readCifar10(mixed));
        assertTrue(e.getMessage().contains("[N, 3072]") && e.getMessage().contains("[3, 4]"), e.getMessage());

        Path imagenet = SharedData.resource("imagenet16_py2_batch.pkl");
        e = assertThrows(IOException.class, () -> PickledImages.readCifar10(imagenet));
        assertTrue(e.getMessage().contains("imagenet16_py2_batch.pkl"), e.getMessage());
    }
}
