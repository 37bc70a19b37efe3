package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * ImageNet16-N (NB-201 uses N = 120): the 16x16 downsampled ImageNet batches
 * ({@code train_data_batch_1..10}, {@code val_data}), pickled dicts with {@code data} uint8
 * [M, 768] (R, G, B planes of 256 bytes) and 1-based {@code labels} 1..1000. Like xautodl, only
 * images with 1 &lt;= label &lt;= N are kept, and labels become 0-based (label - 1).
 */
public final class ImageNet16 {
    /** Image side length. */
    public static final int SIZE = 16;

    private ImageNet16() {
    }

    /** Reads one batch file and keeps classes 1..classes, relabelled 0..classes-1, in file order. */
    public static RawImages read(Path file, int classes) throws IOException {
        if (classes < 1 || classes > 1000) {
            throw new IllegalArgumentException("ImageNet16 class count " + classes + " outside 1..1000");
        }
        RawImages all = PickledImages.read(file, "labels", SIZE, SIZE, "ImageNet16 batch");
        PickledImages.checkRange(file, all.labels(), 1, 1000, "labels");
        return keepFirstClasses(all, classes);
    }

    /**
     * Keeps images whose 1-based label is at most {@code classes} and makes the labels 0-based;
     * the order of the kept images is unchanged.
     */
    public static RawImages keepFirstClasses(RawImages oneBased, int classes) {
        long[] labels = oneBased.labels();
        int kept = 0;
        for (long label : labels) {
            if (label >= 1 && label <= classes) {
                kept++;
            }
        }
        int[] indices = new int[kept];
        for (int i = 0, k = 0; i < labels.length; i++) {
            if (labels[i] >= 1 && labels[i] <= classes) {
                indices[k++] = i;
            }
        }
        RawImages selected = oneBased.select(indices, "labels 1.." + classes + " kept as 0.." + (classes - 1));
        long[] zeroBased = new long[kept];
        for (int i = 0; i < kept; i++) {
            zeroBased[i] = selected.labels()[i] - 1;
        }
        return new RawImages(selected.pixels(), zeroBased, kept, selected.channels(), selected.height(),
                selected.width(), selected.source());
    }
}
