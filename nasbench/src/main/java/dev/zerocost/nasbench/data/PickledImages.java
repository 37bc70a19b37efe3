package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Readers of the pickled image batches: the CIFAR "python version" ({@code data_batch_1..5},
 * {@code test_batch}; CIFAR-100 {@code train}, {@code test}) and ImageNet16
 * ({@code train_data_batch_1..10}, {@code val_data}). Each file is a dict with {@code data},
 * uint8 [N, 3*H*W] with every row the R, G, B planes, and a list of integer labels.
 */
public final class PickledImages {
    private PickledImages() {
    }

    /** One CIFAR-10 python batch: keys {@code data} [N, 3072] and {@code labels} (0..9). */
    public static RawImages readCifar10(Path file) throws IOException {
        RawImages raw = read(file, "labels", 32, 32, "CIFAR-10 python batch");
        checkRange(file, raw.labels(), 0, 9, "labels");
        return raw;
    }

    /** One CIFAR-100 python file: keys {@code data} [N, 3072] and {@code fine_labels} (0..99). */
    public static RawImages readCifar100(Path file) throws IOException {
        RawImages raw = read(file, "fine_labels", 32, 32, "CIFAR-100 python file");
        checkRange(file, raw.labels(), 0, 99, "fine_labels");
        return raw;
    }

    /**
     * Reads a pickled dict of {@code data} (uint8, N rows of 3*height*width bytes, C order) and
     * an integer label list stored under {@code labelKey}; labels are returned unchanged.
     *
     * @param what name of the expected format, for error messages
     * @throws IOException naming the file, the expected content and what was found
     */
    public static RawImages read(Path file, String labelKey, int height, int width, String what) throws IOException {
        Object root = PickleReader.load(file);
        if (!(root instanceof Map<?, ?> dict)) {
            throw new IOException(file + ": expected a " + what + " (a pickled dict with 'data' and '" + labelKey
                    + "'), found a pickled " + PickleGlobals.describe(root));
        }
        Object data = PickleReader.get(dict, "data");
        Object labelsObj = PickleReader.get(dict, labelKey);
        if (!(data instanceof NumpyArray array) || labelsObj == null) {
            throw new IOException(file + ": expected a " + what + " with keys 'data' (numpy uint8 array) and '"
                    + labelKey + "', found keys " + keys(dict) + " with 'data' a " + PickleGlobals.describe(data));
        }
        int rowBytes = 3 * height * width;
        int[] shape = array.shape();
        boolean shapeOk = array.dtype().endsWith("u1") && !array.fortranOrder() && shape.length >= 1
                && array.size() == (long) shape[0] * rowBytes;
        if (!shapeOk) {
            throw new IOException(file + ": expected 'data' as a C-ordered uint8 array of shape [N, " + rowBytes
                    + "] (3 x " + height + " x " + width + " images), found dtype " + array.dtype() + " shape "
                    + Arrays.toString(shape) + (array.fortranOrder() ? " in Fortran order" : ""));
        }
        long[] labels = labels(file, labelsObj, labelKey);
        if (labels.length != shape[0]) {
            throw new IOException(file + ": 'data' holds " + shape[0] + " images but '" + labelKey + "' holds "
                    + labels.length + " labels; the file is corrupt");
        }
        return new RawImages(array.uint8(), labels, shape[0], 3, height, width, file.getFileName() + " (" + what + ")");
    }

    private static long[] labels(Path file, Object obj, String key) throws IOException {
        if (obj instanceof NumpyArray a) {
            try {
                return a.toLongArray();
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": '" + key + "' " + e.getMessage(), e);
            }
        }
        if (obj instanceof List<?> list) {
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Long v)) {
                    throw new IOException(file + ": '" + key + "'[" + i + "] is " + PickleGlobals.describe(list.get(i))
                            + ", expected an integer label");
                }
                out[i] = v;
            }
            return out;
        }
        throw new IOException(file + ": '" + key + "' is " + PickleGlobals.describe(obj)
                + ", expected a list of integer labels");
    }

    static void checkRange(Path file, long[] labels, long lo, long hi, String key) throws IOException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < lo || labels[i] > hi) {
                throw new IOException(file + ": '" + key + "'[" + i + "] = " + labels[i] + ", expected " + lo + ".."
                        + hi + "; the file is corrupt or belongs to another dataset");
            }
        }
    }

    private static String keys(Map<?, ?> dict) {
        StringBuilder sb = new StringBuilder("[");
        for (Object k : dict.keySet()) {
            sb.append(sb.length() > 1 ? ", " : "").append(k instanceof byte[] b ? "b'" + new String(b) + "'" : k);
        }
        return sb.append(']').toString();
    }
}
