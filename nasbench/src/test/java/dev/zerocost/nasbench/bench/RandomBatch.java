package dev.zerocost.nasbench.bench;

import java.util.SplittableRandom;

/** The probes' input: Gaussian CIFAR-shaped images [batch, 3, 32, 32] and labels in [0, 10), seed 1. */
record RandomBatch(float[] images, long[] labels) {
    static RandomBatch of(int batch) {
        SplittableRandom r = new SplittableRandom(1);
        float[] img = new float[batch * 3 * 32 * 32];
        long[] labels = new long[batch];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        return new RandomBatch(img, labels);
    }
}
