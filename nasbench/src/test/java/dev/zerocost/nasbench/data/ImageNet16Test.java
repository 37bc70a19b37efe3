package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNet16Test {
    @TempDir
    Path temp;

    @Test
    void keepsLabelsUpTo120AndMakesThemZeroBased() throws IOException {
        // fixture labels, 1-based: 1, 120, 121, 1000, 7, 120
        RawImages raw = ImageNet16.read(SharedData.resource("imagenet16_py2_batch.pkl"), 120);
        assertArrayEquals(new long[] {0, 119, 6, 119}, raw.labels());
        assertEquals(16, raw.height());
        assertEquals(16, raw.width());
        PickledImagesTest.assertFixturePixels(raw, new int[] {0, 1, 4, 5});
    }

    @Test
    void keepingAllThousandClassesKeepsEveryImage() throws IOException {
        RawImages raw = ImageNet16.read(SharedData.resource("imagenet16_py2_batch.pkl"), 1000);
        assertArrayEquals(new long[] {0, 119, 120, 999, 6, 119}, raw.labels());
    }

    @Test
    void filteringWorksOnAnyOneBasedSet() {
        RawImages oneBased = new RawImages(new byte[] {10, 20, 30}, new long[] {3, 2, 1}, 3, 1, 1, 1, "hand");
        RawImages kept = ImageNet16.keepFirstClasses(oneBased, 2);
        assertArrayEquals(new long[] {1, 0}, kept.labels());
        assertArrayEquals(new byte[] {20, 30}, kept.pixels());
    }

    @Test
    void aDirectoryWithValDataOpensAsTheTestSplit() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("ImageNet16"));
        Files.copy(SharedData.resource("imagenet16_py2_batch.pkl"), dir.resolve("val_data"));
        Dataset d = Datasets.open("ImageNet16-120", temp);
        assertEquals("imagenet16-120", d.name());
        assertEquals(120, d.classes());
        assertTrue(d.files(Dataset.Split.TRAIN).isEmpty());
        RawImages raw = d.load(Dataset.Split.TEST);
        assertArrayEquals(new long[] {0, 119, 6, 119}, raw.labels());
        assertTrue(raw.source().startsWith("imagenet16-120 test"), raw.source());
    }
}
