package dev.zerocost.engine.io;

import static dev.zerocost.engine.io.IoTestData.assertMentions;
import static dev.zerocost.engine.io.IoTestData.assertSameArray;
import static dev.zerocost.engine.io.IoTestData.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zerocost.engine.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** The mixed fixture's tensors, in the order the reference writer lays them out. */
    private static Map<String, NdArray> mixedInFileOrder() {
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        tensors.put("labels", IoTestData.fixtureLabels());
        tensors.put("scalar", IoTestData.fixtureScalar());
        tensors.put("empty", IoTestData.fixtureEmpty());
        tensors.put("weights", IoTestData.fixtureWeights());
        tensors.put("image", IoTestData.fixtureImage());
        return tensors;
    }

    private static void assertSameTensors(Map<String, NdArray> expected, Map<String, NdArray> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "names in order");
        for (String name : expected.keySet()) {
            assertSameArray(expected.get(name), actual.get(name));
        }
    }

    @Test
    void readsTheSpecExample() throws IOException {
        Map<String, NdArray> tensors = Safetensors.read(resource("spec_attn.safetensors"));
        assertSameTensors(Map.of("attn.0", new NdArray(DType.FLOAT32, new int[] {1, 2, 3},
                new float[] {0, 1, 2, 3, 4, 5})), tensors);
        assertEquals(Map.of(), Safetensors.readMetadata(resource("spec_attn.safetensors")));
    }

    @Test
    void readsEveryDtypeZeroDAndZeroSizeTensorsInDataOffsetOrder() throws IOException {
        assertSameTensors(mixedInFileOrder(), Safetensors.read(resource("mixed.safetensors")));
        assertEquals(Map.of("format", "pt"), Safetensors.readMetadata(resource("mixed.safetensors")));
    }

    @Test
    void writesTheSameBytesAsTheReferenceLayout() throws IOException {
        Map<String, NdArray> shuffled = new LinkedHashMap<>();
        for (String name : List.of("image", "weights", "empty", "scalar", "labels")) {
            shuffled.put(name, mixedInFileOrder().get(name));
        }
        assertArrayEquals(Files.readAllBytes(resource("mixed.safetensors")), bytes(shuffled, Map.of("format", "pt")));
        assertArrayEquals(Files.readAllBytes(resource("spec_attn.safetensors")),
                bytes(Safetensors.read(resource("spec_attn.safetensors")), Map.of()));
    }

    @Test
    void roundTripsEveryDtypeAndShapeWithMetadata() throws IOException {
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        for (NdArray array : IoTestData.allSamples()) {
            tensors.put("t" + tensors.size() + " \"quoted\" \\ é ✓ \n" + array, array);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "tab\tquote\" unicode é");
        Path file = dir.resolve("all.safetensors");
        Safetensors.write(file, tensors, metadata);
        Map<String, NdArray> read = Safetensors.read(file);
        assertEquals(tensors.size(), read.size());
        for (String name : tensors.keySet()) {
            assertSameArray(tensors.get(name), read.get(name));
        }
        assertEquals(metadata, Safetensors.readMetadata(file));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts 8-byte aligned");
    }

    @Test
    void ordersWrittenTensorsByDtypeAlignmentThenName() throws IOException {
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        tensors.put("a_u8", IoTestData.sample(DType.UINT8, 3));
        tensors.put("b_f32", IoTestData.sample(DType.FLOAT32, 1));
        tensors.put("a_f32", IoTestData.sample(DType.FLOAT32, 1));
        tensors.put("c_f64", IoTestData.sample(DType.FLOAT64, 1));
        tensors.put("d_i64", IoTestData.sample(DType.INT64, 1));
        Path file = dir.resolve("order.safetensors");
        Safetensors.write(file, tensors);
        assertEquals(List.of("d_i64", "c_f64", "a_f32", "b_f32", "a_u8"), List.copyOf(Safetensors.read(file).keySet()));
    }

    @Test
    void writesAnEmptyFileAsTheReferenceDoes() throws IOException {
        byte[] expected = {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '};
        assertArrayEquals(expected, bytes(Map.of(), Map.of()));
        Path file = Files.write(dir.resolve("empty.safetensors"), expected);
        assertEquals(Map.of(), Safetensors.read(file));
    }

    @Test
    void rejectsATensorNamedLikeTheMetadataKey() {
        assertThrows(IllegalArgumentException.class,
                () -> bytes(Map.of("__metadata__", IoTestData.sample(DType.UINT8, 1)), Map.of()));
    }

    @Test
    void namesTheEntryWhoseDataIsTruncated() throws IOException {
        byte[] full = Files.readAllBytes(resource("mixed.safetensors"));
        Path file = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(full, full.length - 5));
        var error = assertThrows(ArrayFormatException.class, () -> Safetensors.read(file));
        assertMentions(error, file.toString(), "entry 'image'", "[72, 84)", "holds only 79 bytes", "truncated");
        assertEquals("image", error.entry());
    }

    @Test
    void rejectsAHeaderLengthBeyondTheEndOfTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(resource("spec_attn.safetensors"));
        bytes[0] = 90;
        Path file = Files.write(dir.resolve("long.safetensors"), bytes);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(file)),
                file.toString(), "header length field says 90 bytes", "only 88 bytes follow");
    }

    @Test
    void rejectsFilesThatAreNotSafetensors() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(tiny)),
                tiny.toString(), "only 3 bytes", "8-byte little-endian header length");
        Path npy = Files.write(dir.resolve("npy.safetensors"), Files.readAllBytes(resource("f4_2x3.npy")));
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(npy)),
                npy.toString(), "not a safetensors file");
        Path text = file("text.safetensors", "[1, 2]", 0);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(text)),
                text.toString(), "starting with '{'", "[1, 2]");
        Path json = file("json.safetensors", "{\"a\": {\"dtype\": \"F32\",}}", 0);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(json)),
                json.toString(), "not valid JSON", "a quoted key");
    }

    @Test
    void rejectsAnUnsupportedDtypeListingTheSupportedOnes() throws IOException {
        Path file = file("bf16.safetensors", "{\"half\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
        var error = assertThrows(ArrayFormatException.class, () -> Safetensors.read(file));
        assertMentions(error, file.toString(), "entry 'half'", "unsupported dtype 'BF16'", "F32, F64, I64, U8");
    }

    @Test
    void rejectsOffsetsThatDisagreeWithTheShape() throws IOException {
        Path file = file("model.safetensors",
                "{\"cells.0.weight\":{\"dtype\":\"F32\",\"shape\":[16,16,3,3],\"data_offsets\":[0,9000]}}", 9000);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(file)), file.toString(),
                "entry 'cells.0.weight'", "shape [16, 16, 3, 3] (2304 float32 = 9216 bytes)", "span 9000 bytes");
    }

    @Test
    void rejectsGapsOverlapsAndUncoveredBytes() throws IOException {
        Path gap = file("gap.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[3,5]}}", 5);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(gap)),
                gap.toString(), "entry 'b'", "[3, 5)", "should start at byte 2", "'a' ends", "gap");
        Path overlap = file("overlap.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[1,3]}}", 3);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(overlap)),
                overlap.toString(), "entry 'b'", "overlap");
        Path extra = file("extra.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 6);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(extra)),
                extra.toString(), "cover 2 bytes", "6 bytes follow");
    }

    @Test
    void rejectsMalformedTensorFieldsAndMetadata() throws IOException {
        Path shape = file("shape.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[-2],\"data_offsets\":[0,2]}}", 2);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(shape)),
                shape.toString(), "entry 'a'", "shape should be an array of non-negative integers");
        Path offsets = file("offsets.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2]}}", 2);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.read(offsets)),
                offsets.toString(), "entry 'a'", "data_offsets should be an array of 2", "missing");
        Path metadata = file("meta.safetensors", "{\"__metadata__\":{\"epoch\":3}}", 0);
        assertMentions(assertThrows(ArrayFormatException.class, () -> Safetensors.readMetadata(metadata)),
                metadata.toString(), "\"epoch\"", "should be a string");
    }

    /** A file with the given header text (padded as the spec allows) and {@code dataBytes} zero bytes. */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(text.length).put(text);
        return Files.write(dir.resolve(name), buffer.array());
    }

    private static byte[] bytes(Map<String, NdArray> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, tensors, metadata);
        return out.toByteArray();
    }
}
