package dev.zerocost.engine.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * NumPy's {@code .npy} format: reads versions 1.0, 2.0 and 3.0 with dtypes {@code '<f4'},
 * {@code '<f8'}, {@code '<i8'}, {@code '|u1'} (and big-endian {@code '>f4'}, {@code '>f8'},
 * {@code '>i8'}), C order only; writes version 1.0 (2.0 when the header outgrows 64 KiB) with the
 * same header bytes as {@code numpy.save}, so files written here are byte-identical to NumPy's.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Headers longer than this are taken as corruption rather than read into memory. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int ALIGN = 64;

    private Npy() {
    }

    /** Reads the single array in a {@code .npy} file; bytes after the array data are an error. */
    public static NdArray read(Path file) throws IOException {
        Location where = Location.of(file.toString());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            NdArray array = read(in, where);
            rejectTrailingBytes(in, array, where);
            return array;
        }
    }

    /** Reads a whole {@code .npy} file held in memory; {@code sourceName} names it in errors. */
    public static NdArray read(byte[] bytes, String sourceName) throws IOException {
        Location where = Location.of(sourceName);
        InputStream in = new ByteArrayInputStream(bytes);
        NdArray array = read(in, where);
        rejectTrailingBytes(in, array, where);
        return array;
    }

    /**
     * Reads one array from a stream and leaves the stream just after its data, so several arrays
     * can be read back to back. {@code sourceName} names the stream in errors.
     */
    public static NdArray read(InputStream in, String sourceName) throws IOException {
        return read(in, Location.of(sourceName));
    }

    static NdArray read(InputStream in, Location where) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw where.fail("not an npy file: expected the magic bytes 93 4e 55 4d 50 59 (\\x93NUMPY) but found "
                    + (magic.length == 0 ? "an empty file" : hex(magic)));
        }
        int major = in.read();
        int minor = in.read();
        if (minor < 0) {
            throw where.fail("file ends after the magic bytes; expected a format version");
        }
        if (minor != 0 || major < 1 || major > 3) {
            throw where.fail("npy format version " + major + "." + minor + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw where.fail("file ends inside the header length field (version " + major + ".0 needs "
                    + lengthBytes + " bytes, found " + lengthField.length + ")");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(Arrays.copyOf(lengthField, 4)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = Integer.toUnsignedLong(lengthBuffer.getInt());
        if (headerLength > MAX_HEADER_BYTES) {
            throw where.fail("header length field says " + headerLength + " bytes, more than the " + MAX_HEADER_BYTES
                    + " a valid header needs; the file is corrupt");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw where.fail("file ends inside the header: the length field says " + headerLength
                    + " bytes but only " + headerBytes.length + " follow");
        }
        String headerText = major == 3 ? decodeUtf8(headerBytes, where)
                : new String(headerBytes, StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(headerText, where);
        int count = ElementCodec.elementCount(header.shape(), where);
        Object data = ElementCodec.read(in, header.dtype(), header.order(), count,
                bytesRead -> where.fail("array data is truncated: shape " + Arrays.toString(header.shape())
                        + " needs " + ElementCodec.describeBytes(count, header.dtype()) + " but only "
                        + bytesRead + " bytes follow the header"));
        return new NdArray(header.dtype(), ElementCodec.toIntShape(header.shape()), data);
    }

    /** Writes {@code array} to {@code file} atomically (temporary file, then move). */
    public static void write(Path file, NdArray array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    /** Writes {@code array} as a complete {@code .npy} image to the stream; does not close it. */
    public static void write(OutputStream out, NdArray array) throws IOException {
        byte[] dictionary = NpyHeader.format(array.dtype(), array.shape()).getBytes(StandardCharsets.ISO_8859_1);
        int textLength = dictionary.length + 1; // the final newline
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int padding = ALIGN - (prefix + textLength) % ALIGN;
        if (textLength + padding > 0xFFFF) {
            major = 2;
            prefix = MAGIC.length + 2 + 4;
            padding = ALIGN - (prefix + textLength) % ALIGN;
        }
        ByteBuffer preamble = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        preamble.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            preamble.putShort((short) (textLength + padding));
        } else {
            preamble.putInt(textLength + padding);
        }
        out.write(preamble.array());
        out.write(dictionary);
        byte[] tail = new byte[padding + 1];
        Arrays.fill(tail, (byte) ' ');
        tail[padding] = '\n';
        out.write(tail);
        ElementCodec.write(out, array, ByteOrder.LITTLE_ENDIAN);
    }

    /** The complete {@code .npy} image of {@code array}. */
    public static byte[] toBytes(NdArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, array);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private static void rejectTrailingBytes(InputStream in, NdArray array, Location where) throws IOException {
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw where.fail(extra + " bytes follow the array data; shape " + Arrays.toString(array.shape())
                    + " needs exactly " + ElementCodec.describeBytes((int) array.size(), array.dtype())
                    + ", so the header or the data is corrupt");
        }
    }

    private static String decodeUtf8(byte[] bytes, Location where) throws ArrayFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw where.fail("version 3.0 header is not valid UTF-8", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(out.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        }
        return out.toString();
    }
}
