package dev.zerocost.engine.io;

import static dev.zerocost.engine.io.IoTestData.assertMentions;
import static dev.zerocost.engine.io.IoTestData.assertSameArray;
import static dev.zerocost.engine.io.IoTestData.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerocost.engine.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    private static Map<String, NdArray> fixtureArrays() {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("weights", IoTestData.fixtureWeights());
        arrays.put("labels", IoTestData.fixtureLabels());
        arrays.put("scalar", IoTestData.fixtureScalar());
        arrays.put("image", IoTestData.fixtureImage());
        arrays.put("empty", IoTestData.fixtureEmpty());
        return arrays;
    }

    private static void assertSameArrays(Map<String, NdArray> expected, Map<String, NdArray> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "keys in order");
        for (String key : expected.keySet()) {
            assertSameArray(expected.get(key), actual.get(key));
        }
    }

    @Test
    void readsNumpySavezInArchiveOrder() throws IOException {
        assertSameArrays(fixtureArrays(), Npz.read(resource("arrays.npz")));
    }

    @Test
    void readsNumpySavezCompressed() throws IOException {
        assertSameArrays(fixtureArrays(), Npz.read(resource("arrays_compressed.npz")));
    }

    @Test
    void readsPositionalArraysAsArrZeroAndArrOne() throws IOException {
        Map<String, NdArray> arrays = Npz.read(resource("positional.npz"));
        assertEquals(List.of("arr_0", "arr_1"), List.copyOf(arrays.keySet()));
        assertSameArray(IoTestData.fixtureLabels(), arrays.get("arr_0"));
        assertSameArray(IoTestData.fixtureScalar(), arrays.get("arr_1"));
    }

    @Test
    void roundTripsEveryDtypeAndShapeStoredAndCompressed() throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        List<NdArray> samples = IoTestData.allSamples();
        for (int i = 0; i < samples.size(); i++) {
            arrays.put("z" + (samples.size() - i) + "/" + samples.get(i), samples.get(i)); // not sorted, odd chars
        }
        Path stored = dir.resolve("stored.npz");
        Path compressed = dir.resolve("compressed.npz");
        Npz.write(stored, arrays);
        Npz.writeCompressed(compressed, arrays);
        assertSameArrays(arrays, Npz.read(stored));
        assertSameArrays(arrays, Npz.read(compressed));
        try (ZipFile zip = new ZipFile(stored.toFile())) {
            assertEquals(ZipEntry.STORED, zip.entries().nextElement().getMethod());
        }
        try (ZipFile zip = new ZipFile(compressed.toFile())) {
            assertEquals(ZipEntry.DEFLATED, zip.entries().nextElement().getMethod());
        }
    }

    @Test
    void storesEntriesAsByteIdenticalNpyImages() throws IOException {
        Path file = dir.resolve("a.npz");
        Npz.write(file, fixtureArrays());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : List.of("weights", "labels")) {
                byte[] entry = zip.getInputStream(zip.getEntry(name + ".npy")).readAllBytes();
                assertEquals(Arrays.toString(Npy.toBytes(fixtureArrays().get(name))), Arrays.toString(entry));
            }
        }
    }

    @Test
    void overwritesAtomicallyLeavingNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a.npz");
        Npz.write(file, fixtureArrays());
        Npz.write(file, Map.of("only", IoTestData.sample(DType.UINT8, 3)));
        assertEquals(List.of("only"), List.copyOf(Npz.read(file).keySet()));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void reportsAMissingFileAsNoSuchFile() {
        Path file = dir.resolve("absent.npz");
        assertMentions(assertThrows(NoSuchFileException.class, () -> Npz.read(file)), "absent.npz");
    }

    @Test
    void rejectsAFileThatIsNotAZipArchive() throws IOException {
        Path file = Files.write(dir.resolve("plain.npz"), Files.readAllBytes(resource("f4_2x3.npy")));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npz.read(file)),
                file.toString(), "not a readable zip archive", "numpy.savez");
    }

    @Test
    void rejectsATruncatedArchive() throws IOException {
        byte[] full = Files.readAllBytes(resource("arrays.npz"));
        Path file = Files.write(dir.resolve("cut.npz"), Arrays.copyOf(full, full.length / 2));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npz.read(file)), file.toString(), "zip", "truncated");
    }

    @Test
    void namesTheEntryWhoseDataIsTruncated() throws IOException {
        byte[] npy = Files.readAllBytes(resource("i8_1d.npy"));
        Path file = zip("short.npz", Map.of("good.npy", Files.readAllBytes(resource("u1_4d.npy")),
                "labels.npy", Arrays.copyOf(npy, npy.length - 8)));
        var error = assertThrows(ArrayFormatException.class, () -> Npz.read(file));
        assertMentions(error, file.toString(), "entry 'labels'", "truncated", "5 int64 = 40 bytes", "only 32 bytes");
        assertEquals("labels", error.entry());
    }

    @Test
    void namesTheEntryWithBadMagic() throws IOException {
        Path file = zip("magic.npz", Map.of("notes.npy", "hello".getBytes()));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npz.read(file)),
                file.toString(), "entry 'notes'", "magic");
    }

    @Test
    void namesTheEntryWithAnUnsupportedDtype() throws IOException {
        Path file = zip("dtype.npz", Map.of("ints.npy", Files.readAllBytes(resource("i4_unsupported.npy"))));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npz.read(file)),
                file.toString(), "entry 'ints'", "'<i4'", "supported: '<f4'");
    }

    @Test
    void rejectsEntriesThatAreNotNpyFiles() throws IOException {
        Path file = zip("readme.npz", Map.of("README.txt", "hi".getBytes()));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npz.read(file)),
                file.toString(), "entry 'README.txt'", "<key>.npy");
    }

    @Test
    void rejectsEmptyKeysOnWrite() {
        assertThrows(IllegalArgumentException.class,
                () -> Npz.write(dir.resolve("k.npz"), Map.of("", IoTestData.sample(DType.UINT8, 1))));
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
