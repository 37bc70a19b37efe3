package dev.zerocost.nasbench.data;

/**
 * Generated stand-in data for runs without a dataset. Every batch made here says so in its
 * {@link ImageBatch#source()}, which starts with {@link #SOURCE_PREFIX}, and
 * {@link ImageBatch#isSynthetic()} is true, so no report can pass it off as real images.
 */
public final class Synthetic {
    /** Start of the source string of every synthetic batch. */
    public static final String SOURCE_PREFIX = "synthetic";

    private Synthetic() {
    }

    /**
     * Standard normal images (each value an independent N(0, 1) draw, rounded to float32) and
     * uniform labels in 0..classes-1, from {@link SplitMix64} seeded with {@code seed}: all n*c*h*w
     * values first, in NCHW order, then the n labels.
     */
    public static ImageBatch gaussian(int n, int channels, int height, int width, int classes, long seed) {
        if (n < 0 || channels <= 0 || height <= 0 || width <= 0 || classes <= 0) {
            throw new IllegalArgumentException("bad synthetic batch n=" + n + " c=" + channels + " h=" + height
                    + " w=" + width + " classes=" + classes);
        }
        SplitMix64 random = new SplitMix64(seed);
        float[] images = new float[Math.multiplyExact(Math.multiplyExact(n, channels), Math.multiplyExact(height, width))];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new ImageBatch(images, labels, n, channels, height, width,
                SOURCE_PREFIX + " gaussian (not real data), seed " + seed + ", " + classes + " classes");
    }
}
