package dev.zerocost.engine.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archives: a zip file of {@code .npy} entries, as {@code numpy.savez}
 * (stored) and {@code numpy.savez_compressed} (deflated) write them. Keys are entry names without
 * the {@code .npy} suffix, in the archive's order.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";

    private Npz() {
    }

    /**
     * Reads every array of an archive, stored or compressed, keyed by entry name without
     * {@code .npy}, in archive order.
     *
     * @throws ArrayFormatException when the file is not a zip archive or an entry is not a valid
     *     {@code .npy} image; the message names the file and the entry
     */
    public static Map<String, NdArray> read(Path file) throws IOException {
        Location where = Location.of(file.toString());
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "npz archive not found");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw where.fail("not a readable zip archive (" + e.getMessage() + "): the file is truncated or is not"
                    + " an .npz; expected a zip of .npy entries as numpy.savez or numpy.savez_compressed writes it", e);
        }
        try (zip) {
            Map<String, NdArray> arrays = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(SUFFIX)) {
                    throw where.entry(name).fail("entry is not an .npy array; an .npz archive holds only"
                            + " entries named <key>.npy");
                }
                String key = name.substring(0, name.length() - SUFFIX.length());
                Location at = where.entry(key);
                if (arrays.containsKey(key)) {
                    throw at.fail("the archive holds this entry twice");
                }
                arrays.put(key, readEntry(zip, entry, at));
            }
            return Collections.unmodifiableMap(arrays);
        }
    }

    private static NdArray readEntry(ZipFile zip, ZipEntry entry, Location at) throws IOException {
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
            NdArray array = Npy.read(in, at);
            if (in.read() != -1) {
                throw at.fail("bytes follow the array data of shape " + Arrays.toString(array.shape())
                        + "; the header or the data is corrupt");
            }
            return array;
        } catch (ZipException e) {
            throw at.fail("zip entry is corrupt (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw at.fail("zip entry ends early (" + e.getMessage() + "); the archive is truncated", e);
        }
    }

    /** Writes the arrays uncompressed, like {@code numpy.savez}, atomically (temporary file, then move). */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        write(file, arrays, false);
    }

    /** Writes the arrays deflated, like {@code numpy.savez_compressed}, atomically. */
    public static void writeCompressed(Path file, Map<String, NdArray> arrays) throws IOException {
        write(file, arrays, true);
    }

    private static void write(Path file, Map<String, NdArray> arrays, boolean compressed) throws IOException {
        for (String key : arrays.keySet()) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("npz keys must be non-empty strings, got " + (key == null ? "null" : "\"\""));
            }
        }
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, NdArray> item : arrays.entrySet()) {
                    ZipEntry entry = new ZipEntry(item.getKey() + SUFFIX);
                    if (compressed) {
                        entry.setMethod(ZipEntry.DEFLATED);
                    } else {
                        // Stored entries need size and CRC up front: one pass to measure, one to write.
                        CRC32 crc = new CRC32();
                        CountingStream counter = new CountingStream();
                        Npy.write(new CheckedOutputStream(counter, crc), item.getValue());
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(counter.count);
                        entry.setCompressedSize(counter.count);
                        entry.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(entry);
                    Npy.write(zip, item.getValue());
                    zip.closeEntry();
                }
            }
        });
    }

    /** Discards bytes, counting them. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
