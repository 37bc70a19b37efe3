package dev.zerocost.nasbench.data;

/**
 * A batch of float images ready for a network: NCHW float32 values (normalised or synthetic)
 * with 0-based labels. Independent of the engine's tensor class on purpose; wrapping
 * {@code images} into a tensor of shape [n, channels, height, width] is the caller's step.
 *
 * @param images n * channels * height * width floats, NCHW
 * @param labels n labels, 0-based
 * @param source human-readable origin: dataset, split, selection and normalisation, or
 *               text starting "synthetic" for generated data. Reports print it.
 */
public record ImageBatch(float[] images, long[] labels, int n, int channels, int height, int width,
                         String source) {

    public ImageBatch {
        if (n < 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad batch geometry n=" + n + " c=" + channels
                    + " h=" + height + " w=" + width + " for " + source);
        }
        long expected = (long) n * channels * height * width;
        if (images.length != expected) {
            throw new IllegalArgumentException(source + ": " + images.length + " floats, but " + n
                    + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(source + ": " + labels.length + " labels for " + n + " images");
        }
    }

    /** Shape as the engine expects it: {n, channels, height, width}. */
    public int[] shape() {
        return new int[] {n, channels, height, width};
    }

    /** Value of image {@code i}, channel {@code c}, row {@code y}, column {@code x}. */
    public float value(int i, int c, int y, int x) {
        return images[((i * channels + c) * height + y) * width + x];
    }

    /** True when the images were generated rather than read from a dataset. */
    public boolean isSynthetic() {
        return source.startsWith(Synthetic.SOURCE_PREFIX);
    }

    @Override
    public String toString() {
        return "ImageBatch(" + n + " x " + channels + "x" + height + "x" + width + ", " + source + ")";
    }
}
