package dev.zerocost.nasbench.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;

/** The primitive reads of {@link PickleReader}: little-endian integers, lengths, text lines; tracks the byte offset. */
final class PickleInput {
    private final InputStream in;
    private long position;

    PickleInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long position() {
        return position;
    }

    int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        position++;
        return b;
    }

    int le(int n) throws IOException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v |= u8() << (8 * i);
        }
        return v;
    }

    long le8() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    long be8() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    byte[] bytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);  // reads in chunks: a corrupt huge length cannot allocate it all up front
        position += b.length;
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = u8(); b != '\n'; b = u8()) {
            if (sb.length() > 4096) {
                throw new IllegalArgumentException("text field longer than 4096 bytes");
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    Object longN(int n) throws IOException {
        if (n == 0) {
            return 0L;
        }
        byte[] le = bytes(n);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        return PickleReader.normalise(new BigInteger(be));  // two's complement, little endian in the stream
    }
}
