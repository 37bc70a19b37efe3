package dev.zerocost.engine.io;

import static dev.zerocost.engine.io.IoTestData.assertMentions;
import static dev.zerocost.engine.io.IoTestData.assertSameArray;
import static dev.zerocost.engine.io.IoTestData.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerocost.engine.DType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void readsNumpyFilesOfEveryDtypeWithExactValues() throws IOException {
        assertSameArray(IoTestData.fixtureWeights(), Npy.read(resource("f4_2x3.npy")));
        assertSameArray(IoTestData.fixtureScalar(), Npy.read(resource("f8_scalar.npy")));
        assertSameArray(IoTestData.fixtureLabels(), Npy.read(resource("i8_1d.npy")));
        assertSameArray(IoTestData.fixtureImage(), Npy.read(resource("u1_4d.npy")));
        assertSameArray(IoTestData.fixtureEmpty(), Npy.read(resource("f4_empty.npy")));
    }

    @Test
    void readsFormatVersionsTwoAndThree() throws IOException {
        assertEquals(2, Files.readAllBytes(resource("f4_2x3_v2.npy"))[6]);
        assertEquals(3, Files.readAllBytes(resource("f4_2x3_v3.npy"))[6]);
        assertSameArray(IoTestData.fixtureWeights(), Npy.read(resource("f4_2x3_v2.npy")));
        assertSameArray(IoTestData.fixtureWeights(), Npy.read(resource("f4_2x3_v3.npy")));
    }

    @Test
    void readsBigEndianFiles() throws IOException {
        assertSameArray(new NdArray(DType.FLOAT64, new int[] {3}, new double[] {1.0, -2.5, 1e300}),
                Npy.read(resource("f8_big_endian.npy")));
        assertSameArray(new NdArray(DType.INT64, new int[] {2, 2}, new long[] {1, -2, 1L << 40, -(1L << 40)}),
                Npy.read(resource("i8_big_endian.npy")));
        assertSameArray(new NdArray(DType.FLOAT32, new int[] {2}, new float[] {0.1f, -7.0f}),
                Npy.read(resource("f4_big_endian.npy")));
    }

    @Test
    void writesTheSameBytesAsNumpySave() throws IOException {
        for (String name : List.of("f4_2x3.npy", "f8_scalar.npy", "i8_1d.npy", "u1_4d.npy", "f4_empty.npy")) {
            byte[] numpy = Files.readAllBytes(resource(name));
            assertArrayEquals(numpy, Npy.toBytes(Npy.read(resource(name))), name);
        }
    }

    @Test
    void roundTripsEveryDtypeAndShapeThroughFilesBytesAndStreams() throws IOException {
        for (NdArray array : IoTestData.allSamples()) {
            Path file = dir.resolve("a.npy");
            Npy.write(file, array);
            assertSameArray(array, Npy.read(file));
            assertSameArray(array, Npy.read(Npy.toBytes(array), "bytes"));
            long dataBytes = array.size() * array.dtype().byteSize();
            assertEquals(0, (Npy.toBytes(array).length - dataBytes) % 64, "data starts 64-byte aligned");
        }
    }

    @Test
    void readsArraysBackToBackFromOneStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<NdArray> arrays = IoTestData.allSamples();
        for (NdArray array : arrays) {
            Npy.write(out, array);
        }
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        for (NdArray array : arrays) {
            assertSameArray(array, Npy.read(in, "stream"));
        }
        assertEquals(-1, in.read());
    }

    @Test
    void roundTripsArraysLargerThanOneCopyChunk() throws IOException {
        for (DType dtype : DType.values()) {
            NdArray array = IoTestData.sample(dtype, 3, 70_001);
            assertSameArray(array, Npy.read(Npy.toBytes(array), "big"));
        }
    }

    @Test
    void switchesToVersionTwoWhenTheHeaderOutgrowsSixtyFourKilobytes() throws IOException {
        int[] shape = new int[25_000];
        Arrays.fill(shape, 1);
        NdArray array = new NdArray(DType.UINT8, shape, new byte[] {42});
        byte[] bytes = Npy.toBytes(array);
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 1) % 64);
        assertSameArray(array, Npy.read(bytes, "wide"));
    }

    @Test
    void writingAPathLeavesOnlyTheTargetBehind() throws IOException {
        Path file = dir.resolve("w.npy");
        Npy.write(file, IoTestData.sample(DType.FLOAT32, 4));
        Npy.write(file, IoTestData.sample(DType.INT64, 2));
        assertSameArray(IoTestData.sample(DType.INT64, 2), Npy.read(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void rejectsAFileWithoutTheNpyMagic() throws IOException {
        Path file = write("not.npy", "PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1));
        var error = assertThrows(ArrayFormatException.class, () -> Npy.read(file));
        assertMentions(error, file.toString(), "magic", "\\x93NUMPY", "50 4b 03 04");
        assertEquals(file.toString(), error.source());
    }

    @Test
    void rejectsTruncatedDataNamingWhatWasExpected() throws IOException {
        byte[] full = Files.readAllBytes(resource("f4_2x3.npy"));
        Path file = write("cut.npy", Arrays.copyOf(full, full.length - 14));
        var error = assertThrows(ArrayFormatException.class, () -> Npy.read(file));
        assertMentions(error, file.toString(), "truncated", "[2, 3]", "6 float32 = 24 bytes", "only 10 bytes");
    }

    @Test
    void rejectsAFileThatEndsInsideTheHeader() throws IOException {
        Path file = write("head.npy", Arrays.copyOf(Files.readAllBytes(resource("f4_2x3.npy")), 40));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npy.read(file)),
                file.toString(), "header", "118 bytes", "only 30");
    }

    @Test
    void rejectsFortranOrderWithAHint() {
        var error = assertThrows(ArrayFormatException.class, () -> Npy.read(resource("f4_fortran.npy")));
        assertMentions(error, "f4_fortran.npy", "Fortran order", "ascontiguousarray");
    }

    @Test
    void rejectsAnUnsupportedDtypeListingTheSupportedOnes() {
        var error = assertThrows(ArrayFormatException.class, () -> Npy.read(resource("i4_unsupported.npy")));
        assertMentions(error, "i4_unsupported.npy", "unsupported dtype '<i4'", "'<f4'", "'<f8'", "'<i8'", "'|u1'");
    }

    @Test
    void rejectsAnUnknownFormatVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(resource("f4_2x3.npy"));
        bytes[6] = 4;
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npy.read(bytes, "v4.npy")),
                "v4.npy", "version 4.0", "1.0, 2.0 or 3.0");
    }

    @Test
    void rejectsBytesAfterTheArrayData() throws IOException {
        byte[] full = Files.readAllBytes(resource("i8_1d.npy"));
        Path file = write("long.npy", Arrays.copyOf(full, full.length + 3));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npy.read(file)),
                file.toString(), "3 bytes follow the array data", "5 int64 = 40 bytes");
    }

    @Test
    void rejectsMalformedHeaders() {
        assertMentions(assertThrows(ArrayFormatException.class, () -> Npy.read(npy("{'descr': '<f4', 'shape': (2,)}"), "keys.npy")),
                "keys.npy", "[descr, shape]", "expected exactly [descr, fortran_order, shape]");
        assertMentions(assertThrows(ArrayFormatException.class,
                () -> Npy.read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'x')}"), "shape.npy")),
                "shape.npy", "tuple of integers");
        assertMentions(assertThrows(ArrayFormatException.class,
                () -> Npy.read(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,"), "open.npy")),
                "open.npy", "cannot parse npy header", "the end of the header");
        assertMentions(assertThrows(ArrayFormatException.class,
                () -> Npy.read(npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': ()}"), "rec.npy")),
                "rec.npy", "structured dtype", "'<f4'");
    }

    @Test
    void acceptsPythonTwoLongSuffixesInOldHeaders() throws IOException {
        byte[] bytes = npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2L, 1L), }", 1, 2);
        assertSameArray(new NdArray(DType.UINT8, new int[] {2, 1}, new byte[] {1, 2}), Npy.read(bytes, "py2.npy"));
    }

    /** A version 1.0 image with a hand-written header text and data bytes. */
    private static byte[] npy(String header, int... data) {
        byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[10 + text.length + data.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, 0}, 0, bytes, 0, 10);
        System.arraycopy(text, 0, bytes, 10, text.length);
        for (int i = 0; i < data.length; i++) {
            bytes[10 + text.length + i] = (byte) data[i];
        }
        return bytes;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
