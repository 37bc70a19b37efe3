package dev.zerocost.nasbench.scoring;

import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.io.Npz;
import dev.zerocost.nasbench.data.Batches;
import dev.zerocost.nasbench.data.Dataset;
import dev.zerocost.nasbench.data.Datasets;
import dev.zerocost.nasbench.data.ImageBatch;
import dev.zerocost.nasbench.data.Normalization;
import dev.zerocost.nasbench.data.RawImages;
import dev.zerocost.nasbench.data.Synthetic;
import dev.zerocost.proxies.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batches every arch of a sweep is scored on, with what identifies them in the output
 * header: the dataset label written into every record and the data's identity (file path and
 * size, or the synthetic seed), so that a resumed or merged run can tell it used the same data.
 *
 * @param batches   the batches, each [batchSize, 3, imageSize, imageSize] with int64 labels
 * @param dataset   label recorded in every line: cifar10, cifar100, imagenet16-N or synthetic
 * @param identity  header fields naming the data (kind, path, bytes, normalisation or seed)
 * @param imageSize side of the square images
 */
public record SweepData(List<Batch> batches, String dataset, Map<String, Object> identity, int imageSize) {
    /** Standard normal images: {@link Synthetic#gaussian}, split into batches in order. */
    public static SweepData synthetic(int classes, int imageSize, int batches, int batchSize, long seed) {
        ImageBatch all = Synthetic.gaussian(batches * batchSize, 3, imageSize, imageSize, classes, seed);
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("kind", "synthetic gaussian");
        id.put("seed", seed);
        return new SweepData(split(all.images(), all.labels(), batches, batchSize, imageSize, imageSize),
                Synthetic.SOURCE_PREFIX, id, imageSize);
    }

    /**
     * Batches drawn from a dataset directory or batch file: batch i is {@link Batches#random} batch
     * i of one seeded shuffle (so batches never share an image), normalised with {@code norm}.
     * A directory's train split is used; a single file is used whole.
     */
    public static SweepData dataset(String name, Path dirOrFile, Normalization norm, int batches, int batchSize,
                                    long seed) throws IOException {
        Dataset ds = Datasets.open(name, dirOrFile);
        boolean single = Files.isRegularFile(dirOrFile);
        RawImages raw = single ? ds.loadAll() : ds.load(Dataset.Split.TRAIN);
        if ((long) batches * batchSize > raw.n()) {
            throw new IllegalArgumentException(dirOrFile + " holds " + raw.n() + " images, fewer than --batches "
                    + batches + " x --batch-size " + batchSize + "; use smaller values or a larger data file");
        }
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            ImageBatch b = norm.apply(Batches.random(raw, batchSize, i, seed));
            out.addAll(split(b.images(), b.labels(), 1, batchSize, b.height(), b.width()));
        }
        long bytes = 0;
        List<Path> files = single ? List.of(dirOrFile) : ds.files(Dataset.Split.TRAIN);
        for (Path f : files) {
            bytes += Files.size(f);
        }
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("kind", single ? "file" : "directory");
        id.put("path", dirOrFile.toRealPath().toString());
        id.put("bytes", bytes);
        id.put("files", files.size());
        id.put("sampling", "random batches of one shuffle, seed " + seed);
        id.put("normalization", norm.name());
        return new SweepData(out, ds.name(), id, raw.height());
    }

    /**
     * The exact batches a PyTorch user scored: {@code input} float32 [N, 3, H, W] and {@code labels}
     * int64 [N], split in order into {@code batches} batches of N / batches images.
     */
    public static SweepData npz(Path file, String datasetLabel, int classes, int batches) throws IOException {
        Map<String, NdArray> arrays = Npz.read(file);
        NdArray input = arrays.get("input");
        NdArray labels = arrays.get("labels");
        if (input == null || labels == null) {
            throw new IllegalArgumentException("--input-npz " + file + " holds " + arrays.keySet()
                    + "; expected arrays 'input' (float32 [N,3,H,W]) and 'labels' (int64 [N])");
        }
        int[] s = input.shape();
        if (input.dtype() != DType.FLOAT32 || s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException("--input-npz " + file + ": 'input' is " + input.dtype() + " "
                    + Arrays.toString(s) + "; expected float32 [N,3,H,W] (use x.float().numpy() in Python)");
        }
        if (labels.dtype() != DType.INT64 || labels.shape().length != 1 || labels.shape()[0] != s[0]) {
            throw new IllegalArgumentException("--input-npz " + file + ": 'labels' is " + labels.dtype() + " "
                    + Arrays.toString(labels.shape()) + "; expected int64 [" + s[0] + "]");
        }
        if (s[0] == 0 || s[0] % batches != 0) {
            throw new IllegalArgumentException("--input-npz " + file + " holds " + s[0] + " images, which do not split"
                    + " into --batches " + batches + " equal batches; pass a --batches that divides " + s[0]);
        }
        long[] y = (long[]) labels.data();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("--input-npz " + file + ": label " + y[i] + " at position " + i
                        + " is outside 0.." + (classes - 1) + " of dataset " + datasetLabel + "; pass the right --dataset");
            }
        }
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("kind", "npz");
        id.put("path", file.toRealPath().toString());
        id.put("bytes", Files.size(file));
        return new SweepData(split((float[]) input.data(), y, batches, s[0] / batches, s[2], s[3]), datasetLabel, id, s[2]);
    }

    /** Size of each batch. */
    public int batchSize() {
        return batches.isEmpty() ? 0 : batches.get(0).size();
    }

    private static List<Batch> split(float[] images, long[] labels, int batches, int batchSize, int h, int w) {
        int per = 3 * h * w;
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] x = Arrays.copyOfRange(images, b * batchSize * per, (b + 1) * batchSize * per);
            long[] y = Arrays.copyOfRange(labels, b * batchSize, (b + 1) * batchSize);
            out.add(new Batch(Tensor.of(x, batchSize, 3, h, w), Tensor.ofLongs(y, batchSize)));
        }
        return out;
    }
}
