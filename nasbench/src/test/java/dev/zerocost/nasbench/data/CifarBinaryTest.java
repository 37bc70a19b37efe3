package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
    @TempDir
    Path temp;

    @Test
    void sharedCifar10TestFileHasTheLabelsOfItsCsvAndTheKnownFirstPixels() throws IOException {
        Path bin = SharedData.image("cifar10_test_first1000.bin");
        RawImages raw = CifarBinary.read(bin, CifarBinary.Layout.ONE_LABEL, 10);
        assertEquals(1000, raw.n());
        assertArrayEquals(SharedData.csvLabels(bin.resolveSibling("cifar10_test_first1000_labels.csv")), raw.labels());
        // label counts and the first R row of image 0, as PROVENANCE.md states them
        assertArrayEquals(new int[] {103, 89, 100, 103, 90, 86, 112, 102, 106, 109}, raw.labelCounts(10));
        int[] firstRow = {158, 159, 165, 166, 160, 156};
        for (int x = 0; x < firstRow.length; x++) {
            assertEquals(firstRow[x], raw.pixel(0, 0, 0, x), "test image 0, R, row 0, column " + x);
        }
        // record i starts at i * 3073: the label byte of record 999 and its last pixel byte (B, 31, 31)
        byte[] bytes = Files.readAllBytes(bin);
        assertEquals(bytes[999 * 3073] & 0xFF, raw.labels()[999]);
        assertEquals(bytes[1000 * 3073 - 1] & 0xFF, raw.pixel(999, 2, 31, 31));
    }

    @Test
    void sharedCifar10TrainFileStartsWithTheKnownFrog() throws IOException {
        Path bin = SharedData.image("cifar10_train_batch1_first1000.bin");
        RawImages raw = CifarBinary.read(bin, CifarBinary.Layout.ONE_LABEL, 10);
        assertEquals(1000, raw.n());
        assertArrayEquals(SharedData.csvLabels(bin.resolveSibling("cifar10_train_batch1_first1000_labels.csv")), raw.labels());
        assertEquals(6, raw.labels()[0], "image 0 is a frog");
        int[] firstRow = {59, 43, 50, 68, 98, 119};
        for (int x = 0; x < firstRow.length; x++) {
            assertEquals(firstRow[x], raw.pixel(0, 0, 0, x));
        }
    }

    @Test
    void sharedCifar100FileIsDetectedAsFineLabelOnlyRecords() throws IOException {
        Path bin = SharedData.image("cifar100_test_first20.bin");
        assertEquals(CifarBinary.Layout.ONE_LABEL, CifarBinary.detectCifar100Layout(bin));
        RawImages raw = Datasets.open("cifar100", bin).loadAll();
        assertEquals(20, raw.n());
        assertArrayEquals(SharedData.csvLabels(bin.resolveSibling("cifar100_test_first20_labels.csv")), raw.labels());
    }

    @Test
    void officialCifar100RecordsKeepTheFineLabel() throws IOException {
        byte[] data = new byte[2 * 3074];
        data[0] = 7;   // coarse
        data[1] = 42;  // fine
        data[2] = (byte) 200;  // first R pixel of image 0
        data[3074] = 19;
        data[3075] = 99;
        data[2 * 3074 - 1] = 5;  // last B pixel of image 1
        Path f = Files.write(temp.resolve("train.bin"), data);
        assertEquals(CifarBinary.Layout.COARSE_AND_FINE, CifarBinary.detectCifar100Layout(f));
        RawImages raw = CifarBinary.read(f, CifarBinary.Layout.COARSE_AND_FINE, 100);
        assertArrayEquals(new long[] {42, 99}, raw.labels());
        assertEquals(200, raw.pixel(0, 0, 0, 0));
        assertEquals(5, raw.pixel(1, 2, 31, 31));
    }

    @Test
    void aSizeThatIsNoMultipleOfTheRecordIsAnErrorNamingFileRecordAndSize() throws IOException {
        Path f = Files.write(temp.resolve("data_batch_1.bin"), new byte[2 * 3073 + 5]);
        IOException e = assertThrows(IOException.class, () -> CifarBinary.read(f, CifarBinary.Layout.ONE_LABEL, 10));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("3073"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(2 * 3073 + 5)), e.getMessage());
        assertThrows(IOException.class, () -> CifarBinary.detectCifar100Layout(f));
    }

    @Test
    void aLabelOutsideTheClassesIsReportedAsCorrupt() throws IOException {
        byte[] data = new byte[3073];
        data[0] = 10;
        Path f = Files.write(temp.resolve("test_batch.bin"), data);
        IOException e = assertThrows(IOException.class, () -> CifarBinary.read(f, CifarBinary.Layout.ONE_LABEL, 10));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }
}
