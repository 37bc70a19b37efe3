package dev.zerocost.nasbench.bench;

import dev.zerocost.engine.Tensor;
import dev.zerocost.proxies.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** {@code count} proxy batches of {@code size}: the images and labels of {@code of(count * size)}, split in order. */
    static List<Batch> batches(int count, int size) {
        RandomBatch all = of(count * size);
        int image = 3 * 32 * 32;
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(new Batch(Tensor.of(Arrays.copyOfRange(all.images(), b * size * image, (b + 1) * size * image), size, 3, 32, 32),
                    Tensor.ofLongs(Arrays.copyOfRange(all.labels(), b * size, (b + 1) * size), size)));
        }
        return out;
    }
}
