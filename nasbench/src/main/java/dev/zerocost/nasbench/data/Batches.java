package dev.zerocost.nasbench.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic choice of images for a batch. Index functions return positions into a dataset;
 * the {@link RawImages} overloads apply them. Every random choice comes from {@link SplitMix64}
 * seeded with the given seed, so a seed gives the same batch on every machine.
 */
public final class Batches {
    private Batches() {
    }

    /**
     * Batch {@code batchIndex} of consecutive images: positions batchIndex*batchSize onwards, in order.
     * This is what a PyTorch DataLoader with shuffle=False yields (batch 0 = the first images).
     */
    public static int[] sequentialIndices(int total, int batchSize, int batchIndex) {
        checkSize(total, batchSize);
        long start = (long) batchIndex * batchSize;
        if (batchIndex < 0 || start + batchSize > total) {
            throw new IllegalArgumentException("sequential batch " + batchIndex + " of size " + batchSize
                    + " needs images up to " + (start + batchSize) + " but the dataset has " + total);
        }
        int[] out = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            out[i] = (int) start + i;
        }
        return out;
    }

    /**
     * Batch {@code batchIndex} of one seeded shuffle of all positions (like an epoch of a shuffled
     * DataLoader, but with our generator): batches of one seed never share an image. The shuffle
     * is a forward Fisher-Yates, position i swapped with i + nextInt(total - i); only the first
     * (batchIndex + 1) * batchSize positions are drawn.
     */
    public static int[] randomIndices(int total, int batchSize, int batchIndex, long seed) {
        checkSize(total, batchSize);
        long end = ((long) batchIndex + 1) * batchSize;
        if (batchIndex < 0 || end > total) {
            throw new IllegalArgumentException("random batch " + batchIndex + " of size " + batchSize + " needs "
                    + end + " distinct images but the dataset has " + total);
        }
        int[] perm = identity(total);
        partialShuffle(perm, (int) end, new SplitMix64(seed));
        int[] out = new int[batchSize];
        System.arraycopy(perm, (int) end - batchSize, out, 0, batchSize);
        return out;
    }

    /**
     * {@code perClass} images of every class 0..classes-1, class-major (all of class 0, then
     * class 1, ...), as zero-cost-nas orders GraSP's class-balanced batch. Within a class the
     * images are a seeded forward Fisher-Yates draw from that class's positions in dataset order,
     * with one generator shared by the classes in turn.
     *
     * @throws IllegalArgumentException naming the class when it has fewer than perClass images
     */
    public static int[] classBalancedIndices(long[] labels, int classes, int perClass, long seed) {
        if (classes <= 0 || perClass <= 0) {
            throw new IllegalArgumentException("classes and perClass must be positive, got " + classes + " and " + perClass);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at position " + i + " outside 0.." + (classes - 1));
            }
            byClass.get((int) labels[i]).add(i);
        }
        SplitMix64 random = new SplitMix64(seed);
        int[] out = new int[Math.multiplyExact(classes, perClass)];
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            if (members.size() < perClass) {
                throw new IllegalArgumentException("class " + c + " has " + members.size() + " images, fewer than the "
                        + perClass + " asked per class; use a larger split or a smaller perClass");
            }
            int[] pool = members.stream().mapToInt(Integer::intValue).toArray();
            partialShuffle(pool, perClass, random);
            System.arraycopy(pool, 0, out, c * perClass, perClass);
        }
        return out;
    }

    /** The images of {@link #sequentialIndices}. */
    public static RawImages sequential(RawImages raw, int batchSize, int batchIndex) {
        return raw.select(sequentialIndices(raw.n(), batchSize, batchIndex),
                "sequential batch " + batchIndex + " of " + batchSize);
    }

    /** The images of {@link #randomIndices}. */
    public static RawImages random(RawImages raw, int batchSize, int batchIndex, long seed) {
        return raw.select(randomIndices(raw.n(), batchSize, batchIndex, seed),
                "random batch " + batchIndex + " of " + batchSize + " (seed " + seed + ")");
    }

    /** The images of {@link #classBalancedIndices}. */
    public static RawImages classBalanced(RawImages raw, int classes, int perClass, long seed) {
        return raw.select(classBalancedIndices(raw.labels(), classes, perClass, seed),
                perClass + " per class of " + classes + " (seed " + seed + ")");
    }

    private static void partialShuffle(int[] a, int count, SplitMix64 random) {
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void checkSize(int total, int batchSize) {
        if (batchSize <= 0 || total < 0) {
            throw new IllegalArgumentException("batch size must be positive and the dataset size non-negative, got "
                    + batchSize + " and " + total);
        }
    }
}
