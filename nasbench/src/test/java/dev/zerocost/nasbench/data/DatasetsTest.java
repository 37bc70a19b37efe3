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

class DatasetsTest {
    @TempDir
    Path temp;

    /** n CIFAR-10 records whose label is first + i and whose pixels are all that label. */
    static byte[] records(int n, int first) {
        byte[] data = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(data, i * 3073, (i + 1) * 3073, (byte) (first + i));
        }
        return data;
    }

    @Test
    void namesAreCanonicalisedAndUnknownOnesExplained() {
        assertEquals("cifar10", Datasets.canonicalName("CIFAR-10"));
        assertEquals("cifar100", Datasets.canonicalName("cifar100"));
        assertEquals("imagenet16-120", Datasets.canonicalName("ImageNet16-120"));
        assertEquals(120, Datasets.numClasses("imagenet16"));
        assertEquals(16, Datasets.imageSize("imagenet16-120"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.canonicalName("mnist"));
        assertTrue(e.getMessage().contains("cifar10, cifar100 or imagenet16-120"), e.getMessage());
    }

    @Test
    void findsBinaryCifar10InTheUsualSubdirectoryAndReadsSplitsInOrder() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("cifar-10-batches-bin"));
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), records(1, b - 1));
        }
        Files.write(dir.resolve("test_batch.bin"), records(3, 7));
        Dataset d = Datasets.open("cifar10", temp);
        assertEquals(dir, d.location());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, d.load(Dataset.Split.TRAIN).labels());
        RawImages test = d.load(Dataset.Split.TEST);
        assertArrayEquals(new long[] {7, 8, 9}, test.labels());
        assertEquals(9, test.pixel(2, 2, 31, 31));
        assertEquals(8, d.loadAll().n());
    }

    @Test
    void findsPythonCifar10AndAcceptsAMissingSplit() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("cifar-10-batches-py"));
        Files.copy(SharedData.resource("cifar10_py2_batch.pkl"), dir.resolve("test_batch"));
        Dataset d = Datasets.open("cifar10", temp);
        assertArrayEquals(new long[] {3, 8}, d.load(Dataset.Split.TEST).labels());
        IOException e = assertThrows(IOException.class, () -> d.load(Dataset.Split.TRAIN));
        assertTrue(e.getMessage().contains("no train files"), e.getMessage());
    }

    @Test
    void anIncompleteSplitNamesTheMissingFiles() throws IOException {
        Files.write(temp.resolve("data_batch_1.bin"), records(1, 0));
        Files.write(temp.resolve("data_batch_2.bin"), records(1, 0));
        IOException e = assertThrows(IOException.class, () -> Datasets.open("cifar10", temp));
        assertTrue(e.getMessage().contains("data_batch_3.bin") && e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutBatchesListsWhatWasExpectedAndFound() throws IOException {
        Files.writeString(temp.resolve("readme.txt"), "nothing here");
        IOException e = assertThrows(IOException.class, () -> Datasets.open("cifar100", temp));
        assertTrue(e.getMessage().contains("train.bin") && e.getMessage().contains("readme.txt"), e.getMessage());
        assertThrows(IOException.class, () -> Datasets.open("cifar10", temp.resolve("missing")));
    }

    @Test
    void aSingleFileIsSniffedByItsFirstByte() throws IOException {
        Path pickle = Files.copy(SharedData.resource("cifar100_py2_train.pkl"), temp.resolve("train"));
        assertArrayEquals(new long[] {42}, Datasets.open("cifar100", pickle).load(Dataset.Split.TRAIN).labels());
        Path binary = Files.write(temp.resolve("some_test_records"), records(2, 4));
        Dataset d = Datasets.open("cifar10", binary);
        assertArrayEquals(new long[] {4, 5}, d.load(Dataset.Split.TEST).labels());
    }

    @Test
    void wrongFormatAndEmptyFilesAreExplained() throws IOException {
        Path misnamed = Files.copy(SharedData.resource("cifar10_py2_batch.pkl"), temp.resolve("test_batch.bin"));
        IOException e = assertThrows(IOException.class, () -> Datasets.open("cifar10", misnamed));
        assertTrue(e.getMessage().contains("holds a pickle"), e.getMessage());
        Path empty = Files.write(temp.resolve("test_batch"), new byte[0]);
        e = assertThrows(IOException.class, () -> Datasets.open("cifar10", empty));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
        Path text = Files.writeString(temp.resolve("val_data"), "<html>not found</html>");
        e = assertThrows(IOException.class, () -> Datasets.open("imagenet16-120", text).loadAll());
        assertTrue(e.getMessage().contains("val_data"), e.getMessage());
    }

    @Test
    void aTruncatedPickleBatchIsAnErrorNamingTheFile() throws IOException {
        byte[] full = Files.readAllBytes(SharedData.resource("cifar10_py2_batch.pkl"));
        Path cut = Files.write(temp.resolve("data_batch_1"), java.util.Arrays.copyOf(full, full.length / 2));
        IOException e = assertThrows(IOException.class, () -> Datasets.open("cifar10", cut).loadAll());
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }
}
