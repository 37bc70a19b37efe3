package dev.zerocost.engine.io;

import dev.zerocost.engine.DType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header mapping each name
 * to {@code dtype} ({@code F32, F64, I64, U8}), {@code shape} and {@code data_offsets} [begin, end)
 * into the byte buffer that follows, plus an optional {@code __metadata__} string map.
 *
 * <p>Reading validates the header as the reference implementation does (tensors tile the buffer
 * exactly, no gaps, no overlaps) and returns tensors in data-offset order. Writing orders tensors as
 * the reference {@code safetensors.serialize} does, by dtype alignment descending (I64, F64, F32,
 * U8) and then by name, so a written file is byte-identical to Python's {@code save_file} for the
 * same tensors and at most one metadata key; reading it back yields that order, not the caller's.
 */
public final class Safetensors {
    /** The reference implementation refuses headers above 100 MB; so do we. */
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";
    private static final String SUPPORTED = "F32, F64, I64, U8";

    private Safetensors() {
    }

    private record TensorInfo(String name, DType dtype, long[] shape, int count, long begin, long end) {
    }

    private record Header(List<TensorInfo> tensors, Map<String, String> metadata) {
    }

    /** Reads every tensor, in data-offset order. */
    public static Map<String, NdArray> read(Path file) throws IOException {
        Location where = Location.of(file.toString());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Header header = readHeader(in, Files.size(file), where);
            Map<String, NdArray> tensors = new LinkedHashMap<>();
            for (TensorInfo info : header.tensors()) {
                Location at = where.entry(info.name());
                Object data = ElementCodec.read(in, info.dtype(), ByteOrder.LITTLE_ENDIAN, info.count(),
                        bytesRead -> at.fail("file ended after " + bytesRead + " of the " + (info.end() - info.begin())
                                + " data bytes; it changed while being read or is truncated"));
                tensors.put(info.name(), new NdArray(info.dtype(), ElementCodec.toIntShape(info.shape()), data));
            }
            return Collections.unmodifiableMap(tensors);
        }
    }

    /** Reads only the {@code __metadata__} map (empty when the file has none), checking the header. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return readHeader(in, Files.size(file), Location.of(file.toString())).metadata();
        }
    }

    /** Writes tensors without metadata, atomically (temporary file, then move). */
    public static void write(Path file, Map<String, NdArray> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes tensors and a metadata string map (omitted when empty), atomically. */
    public static void write(Path file, Map<String, NdArray> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensors, metadata));
    }

    /** Writes a complete safetensors image to the stream; does not close it. */
    public static void write(OutputStream out, Map<String, NdArray> tensors, Map<String, String> metadata)
            throws IOException {
        List<Map.Entry<String, NdArray>> ordered = new ArrayList<>(tensors.entrySet());
        ordered.sort(Comparator.<Map.Entry<String, NdArray>>comparingInt(e -> -alignmentRank(e.getValue().dtype()))
                .thenComparing((a, b) -> Arrays.compareUnsigned(
                        a.getKey().getBytes(StandardCharsets.UTF_8), b.getKey().getBytes(StandardCharsets.UTF_8))));
        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            Json.quote(json, METADATA_KEY);
            json.append(":{");
            for (Map.Entry<String, String> item : metadata.entrySet()) {
                Json.quote(json.append(json.charAt(json.length() - 1) == '{' ? "" : ","), item.getKey());
                Json.quote(json.append(':'), item.getValue());
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, NdArray> item : ordered) {
            if (item.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA_KEY + "; that key holds metadata");
            }
            NdArray array = item.getValue();
            long bytes = array.size() * array.dtype().byteSize();
            Json.quote(json.append(json.length() == 1 ? "" : ","), item.getKey());
            json.append(":{\"dtype\":\"").append(code(array.dtype())).append("\",\"shape\":[");
            int[] shape = array.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i == 0 ? "" : ",").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (8 - header.length % 8) % 8; // keeps every tensor 8-byte aligned in the file
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + padding).array());
        out.write(header);
        out.write("        ".substring(0, padding).getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, NdArray> item : ordered) {
            ElementCodec.write(out, item.getValue(), ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static Header readHeader(InputStream in, long fileSize, Location where) throws IOException {
        byte[] lengthField = in.readNBytes(8);
        if (lengthField.length < 8) {
            throw where.fail("file has only " + lengthField.length + " bytes; a safetensors file starts with an"
                    + " 8-byte little-endian header length");
        }
        long headerLength = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw where.fail("header length field says " + Long.toUnsignedString(headerLength) + " bytes, above the"
                    + " format's limit of " + MAX_HEADER_BYTES + "; this is not a safetensors file or it is corrupt");
        }
        if (headerLength > fileSize - 8) {
            throw where.fail("header length field says " + headerLength + " bytes but only " + (fileSize - 8)
                    + " bytes follow it; the file is truncated or not a safetensors file");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw where.fail("file ended inside the " + headerLength + "-byte header after " + headerBytes.length + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw where.fail("header is not valid UTF-8; this is not a safetensors file or it is corrupt", e);
        }
        if (!text.startsWith("{")) {
            String start = text.substring(0, Math.min(20, text.length())).replaceAll("\\p{Cntrl}", "?");
            throw where.fail("header should be a JSON object starting with '{' but starts with \"" + start
                    + "\"; this is not a safetensors file or it is corrupt");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) Json.parse(text, where);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, Object> item : root.entrySet()) {
            if (item.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(item.getValue(), where);
            } else {
                tensors.add(parseTensor(item.getKey(), item.getValue(), where.entry(item.getKey())));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long bufferSize = fileSize - 8 - headerLength;
        long expected = 0;
        String previous = null;
        for (TensorInfo info : tensors) {
            Location at = where.entry(info.name());
            String span = "data_offsets [" + info.begin() + ", " + info.end() + ")";
            if (info.begin() != expected) {
                throw at.fail(span + " should start at byte " + expected + (previous == null
                        ? ", the start of the data buffer"
                        : ", where entry '" + previous + "' ends") + (info.begin() < expected ? "; tensors overlap" : "; this leaves a gap"));
            }
            if (info.end() > bufferSize) {
                throw at.fail(span + " reach past the data buffer, which holds only " + bufferSize
                        + " bytes after the header; the file is truncated");
            }
            expected = info.end();
            previous = info.name();
        }
        if (expected != bufferSize) {
            throw where.fail("tensors cover " + expected + " bytes of data but " + bufferSize + " bytes follow the"
                    + " header; the data_offsets do not describe this file");
        }
        return new Header(tensors, Collections.unmodifiableMap(metadata));
    }

    private static Map<String, String> parseMetadata(Object value, Location where) throws ArrayFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw where.fail(METADATA_KEY + " should be an object of strings but is " + value);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> item : map.entrySet()) {
            if (!(item.getValue() instanceof String text)) {
                throw where.fail(METADATA_KEY + " value for \"" + item.getKey() + "\" should be a string but is "
                        + item.getValue());
            }
            metadata.put((String) item.getKey(), text);
        }
        return metadata;
    }

    private static TensorInfo parseTensor(String name, Object value, Location at) throws ArrayFormatException {
        if (!(value instanceof Map<?, ?> fields)) {
            throw at.fail("expected an object with dtype, shape and data_offsets but found " + value);
        }
        Object code = fields.get("dtype");
        DType dtype = code instanceof String text ? dtypeOf(text) : null;
        if (dtype == null) {
            throw at.fail("unsupported dtype " + (code instanceof String ? "'" + code + "'" : String.valueOf(code))
                    + "; supported: " + SUPPORTED);
        }
        long[] shape = naturals(fields.get("shape"), -1, "shape", at);
        long[] offsets = naturals(fields.get("data_offsets"), 2, "data_offsets", at);
        if (offsets[1] < offsets[0]) {
            throw at.fail("data_offsets [" + offsets[0] + ", " + offsets[1] + ") end before they begin");
        }
        int count = ElementCodec.elementCount(shape, at);
        long span = offsets[1] - offsets[0];
        if (span != (long) count * dtype.byteSize()) {
            throw at.fail("declares shape " + Arrays.toString(shape) + " (" + ElementCodec.describeBytes(count, dtype)
                    + ") but data_offsets [" + offsets[0] + ", " + offsets[1] + ") span " + span + " bytes");
        }
        return new TensorInfo(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers, of the given length unless it is -1. */
    private static long[] naturals(Object value, int length, String field, Location at) throws ArrayFormatException {
        String expected = (length < 0 ? "an array" : "an array of " + length) + " of non-negative integers";
        if (!(value instanceof List<?> items) || (length >= 0 && items.size() != length)) {
            throw at.fail(field + " should be " + expected + " but is " + (value == null ? "missing" : value));
        }
        long[] result = new long[items.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(items.get(i) instanceof Long number) || number < 0) {
                throw at.fail(field + " should be " + expected + " but is " + value);
            }
            result[i] = number;
        }
        return result;
    }

    private static DType dtypeOf(String code) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I64" -> DType.INT64;
            case "U8" -> DType.UINT8;
            default -> null;
        };
    }

    private static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case UINT8 -> "U8";
        };
    }

    /** Position in the reference's dtype enum, which lists dtypes by increasing alignment. */
    private static int alignmentRank(DType dtype) {
        return switch (dtype) {
            case UINT8 -> 0;
            case FLOAT32 -> 1;
            case FLOAT64 -> 2;
            case INT64 -> 3;
        };
    }
}
