package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts regular files and directories from a POSIX (ustar / GNU) tar stream. Enough for the
 * CIFAR archives: header checksums are verified, GNU long names and pax {@code path} records are
 * honoured, and links, devices and names that would escape the target directory are refused.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /**
     * Extracts every entry of {@code tar} under {@code target} (which must exist).
     *
     * @param name the archive's name for error messages
     * @return the relative paths of the extracted regular files, in archive order
     * @throws IOException naming the archive and entry when the stream is truncated or corrupt
     */
    public static List<String> extract(InputStream tar, Path target, String name) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<String> files = new ArrayList<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        long offset = 0;
        while (true) {
            int got = tar.readNBytes(header, 0, BLOCK);
            if (got == 0 && offset > 0) {
                return files;  // end of stream without the two zero blocks: accepted, as GNU tar does
            }
            if (got != BLOCK) {
                throw new IOException(name + ": tar stream ends inside a header at byte " + (offset + got)
                        + "; the archive is truncated, delete it and download again");
            }
            offset += BLOCK;
            if (isZero(header)) {
                return files;  // end-of-archive marker
            }
            verifyChecksum(header, name, offset - BLOCK);
            long size = number(header, 124, 12, name, offset - BLOCK);
            char type = (char) header[156];
            String entry = longName != null ? longName : entryName(header);
            longName = null;
            switch (type) {
                case 'L', 'x' -> {  // GNU long name, or pax extended header: names the next entry
                    String text = new String(readAll(tar, size, name, entry), StandardCharsets.UTF_8);
                    longName = type == 'L' ? text.replace("\0", "") : paxPath(text);
                }
                case 'g' -> readAll(tar, size, name, entry);  // pax global header: nothing we use
                case '5' -> {
                    Files.createDirectories(safe(root, entry, name));
                    skipExactly(tar, size, name, entry);
                }
                case '0', '\0', '7' -> {
                    Path out = safe(root, entry, name);
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
                        copy(tar, os, size, name, entry);
                    }
                    files.add(root.relativize(out).toString());
                }
                default -> throw new IOException(name + ": tar entry '" + entry + "' has type '" + type
                        + "' (link, device or unknown); only regular files and directories are extracted");
            }
            skipExactly(tar, (BLOCK - size % BLOCK) % BLOCK, name, entry);  // data is padded to whole blocks
            offset += size + (BLOCK - size % BLOCK) % BLOCK;
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Header checksum: sum of all header bytes as unsigned, with the checksum field read as spaces. */
    private static void verifyChecksum(byte[] h, String name, long at) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        long stored = number(h, 148, 8, name, at);
        if (stored != sum) {
            throw new IOException(name + ": tar header at byte " + at + " has checksum " + stored + " but its bytes sum to "
                    + sum + "; the archive is corrupt, delete it and download again");
        }
    }

    /** An octal field (NUL or space terminated), or GNU base-256 when the top bit of the first byte is set. */
    private static long number(byte[] h, int from, int length, String name, long at) throws IOException {
        if ((h[from] & 0x80) != 0) {
            long v = h[from] & 0x7F;
            for (int i = from + 1; i < from + length; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        int i = from;
        while (i < from + length && h[i] == ' ') {
            i++;
        }
        for (; i < from + length && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new IOException(name + ": tar header at byte " + at + " has a non-octal digit in a numeric field;"
                        + " this is not a tar archive or it is corrupt");
            }
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static String entryName(byte[] h) {
        String base = field(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? base : prefix + "/" + base;
    }

    private static String field(byte[] h, int from, int length) {
        int end = from;
        while (end < from + length && h[end] != 0) {
            end++;
        }
        return new String(h, from, end - from, StandardCharsets.UTF_8);
    }

    /** The {@code path} value of pax records "LEN path=VALUE\n"; null when absent. */
    private static String paxPath(String records) {
        for (String line : records.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    /** target/entry, refusing absolute names and ".." so nothing is written outside target. */
    private static Path safe(Path root, String entry, String name) throws IOException {
        Path out = root.resolve(entry).normalize();
        if (entry.isEmpty() || entry.startsWith("/") || !out.startsWith(root) || out.equals(root)) {
            throw new IOException(name + ": tar entry '" + entry + "' would be written outside the target directory;"
                    + " refusing to extract this archive");
        }
        return out;
    }

    private static byte[] readAll(InputStream in, long size, String name, String entry) throws IOException {
        if (size > 1 << 20) {
            throw new IOException(name + ": tar metadata entry '" + entry + "' claims " + size + " bytes; corrupt archive");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw truncated(name, entry);
        }
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size, String name, String entry) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw truncated(name, entry);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skipExactly(InputStream in, long n, String name, String entry) throws IOException {
        if (in.readNBytes((int) n).length != n) {
            throw truncated(name, entry);
        }
    }

    private static IOException truncated(String name, String entry) {
        return new IOException(name + ": tar stream ends inside entry '" + entry
                + "'; the archive is truncated, delete it and download again");
    }
}
