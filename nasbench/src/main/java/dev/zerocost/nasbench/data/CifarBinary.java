package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reader of the CIFAR "binary version" files: fixed-size records without a header, each one
 * or two label bytes followed by 3072 pixel bytes (R, G, B planes of 32x32, row-major).
 */
public final class CifarBinary {
    /** Pixel bytes per record: 3 planes of 32 x 32. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;

    /** Record layouts. */
    public enum Layout {
        /** CIFAR-10: 1 label byte (0..9) + 3072 pixel bytes = 3073 bytes. */
        ONE_LABEL(1, 0),
        /** CIFAR-100 as distributed: coarse label byte, fine label byte, 3072 pixels = 3074 bytes; the fine label is kept. */
        COARSE_AND_FINE(2, 1);

        private final int labelBytes;
        private final int labelOffset;

        Layout(int labelBytes, int labelOffset) {
            this.labelBytes = labelBytes;
            this.labelOffset = labelOffset;
        }

        /** Bytes per record, labels included. */
        public int recordBytes() {
            return labelBytes + IMAGE_BYTES;
        }
    }

    private CifarBinary() {
    }

    /**
     * The layout a CIFAR-100 binary file uses, judged from its size: the official 3074-byte
     * records when the size is a multiple of 3074, else 3073-byte records holding only the fine
     * label (the layout of the project's shared {@code cifar100_test_first20.bin}).
     *
     * @throws IOException naming the file when the size fits neither
     */
    public static Layout detectCifar100Layout(Path file) throws IOException {
        long size = Files.size(file);
        if (size > 0 && size % Layout.COARSE_AND_FINE.recordBytes() == 0) {
            return Layout.COARSE_AND_FINE;
        }
        if (size > 0 && size % Layout.ONE_LABEL.recordBytes() == 0) {
            return Layout.ONE_LABEL;
        }
        throw new IOException(file + ": expected CIFAR-100 binary records of 3074 bytes (coarse + fine label"
                + " + 3072 pixels) or 3073 bytes (fine label + pixels), found " + size
                + " bytes, a multiple of neither; the file is truncated or not a CIFAR-100 binary batch");
    }

    /**
     * Reads every record of a binary batch file.
     *
     * @param classes number of classes (10 or 100); a label at or above it is reported as corrupt data
     * @throws IOException when the file is missing, its size is not a multiple of the record size,
     *                     or a label is out of range; the message names the file and what was found
     */
    public static RawImages read(Path file, Layout layout, int classes) throws IOException {
        long size = Files.size(file);
        int record = layout.recordBytes();
        if (size % record != 0) {
            throw new IOException(file + ": expected CIFAR binary records of " + record + " bytes ("
                    + layout + "), found a size of " + size + " bytes, which is not a multiple of "
                    + record + " (" + size / record + " whole records and " + size % record
                    + " bytes left over); the file is truncated or has another layout");
        }
        if (size / record > Integer.MAX_VALUE / IMAGE_BYTES) {
            throw new IOException(file + ": " + size / record + " records do not fit one Java array; split the file");
        }
        int n = (int) (size / record);
        byte[] pixels = new byte[n * IMAGE_BYTES];
        long[] labels = new long[n];
        byte[] buffer = new byte[record];
        try (InputStream in = Files.newInputStream(file)) {
            for (int i = 0; i < n; i++) {
                int got = in.readNBytes(buffer, 0, record);
                if (got != record) {
                    throw new IOException(file + ": record " + i + " ends after " + got + " of " + record
                            + " bytes; the file changed while it was read");
                }
                int label = buffer[layout.labelOffset] & 0xFF;
                if (label >= classes) {
                    throw new IOException(file + ": record " + i + " (byte offset " + (long) i * record
                            + ") has label " + label + ", expected 0.." + (classes - 1) + " for layout " + layout
                            + "; the file is corrupt or belongs to another dataset");
                }
                labels[i] = label;
                System.arraycopy(buffer, layout.labelBytes, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
            }
        }
        return new RawImages(pixels, labels, n, 3, 32, 32, file.getFileName() + " (CIFAR binary, " + layout + ")");
    }
}
