package dev.zerocost.nasbench.data;

import java.util.List;

/**
 * Images exactly as stored on disk: uint8 pixels in NCHW order (each image is its R plane,
 * then G, then B, each plane row-major) plus one 0-based class label per image. Kept apart
 * from {@link ImageBatch} so that normalisation is a separate, visible step.
 *
 * @param pixels   n * channels * height * width bytes, read as unsigned (0..255)
 * @param labels   n labels, 0-based
 * @param source   where the images came from, for reports (file, split, selection)
 */
public record RawImages(byte[] pixels, long[] labels, int n, int channels, int height, int width,
                        String source) {

    public RawImages {
        if (n < 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad image geometry n=" + n + " c=" + channels
                    + " h=" + height + " w=" + width + " for " + source);
        }
        long expected = (long) n * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(source + ": " + pixels.length + " pixel bytes, but "
                    + n + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(source + ": " + labels.length + " labels for " + n + " images");
        }
    }

    /** Bytes per image: channels * height * width. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Pixel value 0..255 of image {@code i}, channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[((i * channels + c) * height + y) * width + x] & 0xFF;
    }

    /**
     * The images at the given indices, in that order (indices may repeat).
     *
     * @param what short description of the selection, appended to {@link #source()}
     */
    public RawImages select(int[] indices, String what) {
        int size = imageSize();
        byte[] out = new byte[Math.multiplyExact(indices.length, size)];
        long[] outLabels = new long[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("image index " + i + " outside 0.." + (n - 1) + " of " + source);
            }
            System.arraycopy(pixels, i * size, out, k * size, size);
            outLabels[k] = labels[i];
        }
        return new RawImages(out, outLabels, indices.length, channels, height, width, source + ", " + what);
    }

    /** Counts of each label 0..classes-1; a label outside that range is an error. */
    public int[] labelCounts(int classes) {
        int[] counts = new int[classes];
        for (long label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(source + ": label " + label + " outside 0.." + (classes - 1));
            }
            counts[(int) label]++;
        }
        return counts;
    }

    /** Concatenates parts that share one image geometry, in list order. */
    public static RawImages concat(List<RawImages> parts, String source) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate for " + source);
        }
        RawImages first = parts.get(0);
        long total = 0;
        for (RawImages p : parts) {
            if (p.channels != first.channels || p.height != first.height || p.width != first.width) {
                throw new IllegalArgumentException("cannot concatenate " + p.source + " (" + p.channels + "x"
                        + p.height + "x" + p.width + ") with " + first.source + " (" + first.channels + "x"
                        + first.height + "x" + first.width + ")");
            }
            total += p.n;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[Math.multiplyExact(n, first.imageSize())];
        long[] labels = new long[n];
        int at = 0;
        for (RawImages p : parts) {
            System.arraycopy(p.pixels, 0, pixels, at * first.imageSize(), p.pixels.length);
            System.arraycopy(p.labels, 0, labels, at, p.n);
            at += p.n;
        }
        return new RawImages(pixels, labels, n, first.channels, first.height, first.width, source);
    }

    @Override
    public String toString() {
        return "RawImages(" + n + " x " + channels + "x" + height + "x" + width + ", " + source + ")";
    }
}
