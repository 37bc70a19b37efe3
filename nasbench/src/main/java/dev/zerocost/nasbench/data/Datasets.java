package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a dataset's batch files in a directory (or accepts one batch file) and detects its format.
 * Accepted layouts, directly in the directory or in the usual sub-directory:
 * <ul>
 * <li>cifar10: {@code data_batch_1..5.bin, test_batch.bin} ({@code cifar-10-batches-bin/}) or
 *     {@code data_batch_1..5, test_batch} ({@code cifar-10-batches-py/})</li>
 * <li>cifar100: {@code train.bin, test.bin} ({@code cifar-100-binary/}) or {@code train, test}
 *     ({@code cifar-100-python/})</li>
 * <li>imagenet16-N: {@code train_data_batch_1..10, val_data} ({@code ImageNet16/})</li>
 * </ul>
 * A split may be absent, but a split that is present must be complete.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * The canonical form of a dataset name: cifar10, cifar100 or imagenet16-N (N = 120 for
     * NB-201). Case and dashes in "cifar-10" are ignored; "imagenet16" alone means imagenet16-120.
     */
    public static String canonicalName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cifar10") || n.equals("cifar-10")) {
            return "cifar10";
        }
        if (n.equals("cifar100") || n.equals("cifar-100")) {
            return "cifar100";
        }
        if (n.equals("imagenet16")) {
            return "imagenet16-120";
        }
        if (n.startsWith("imagenet16-")) {
            try {
                int k = Integer.parseInt(n.substring("imagenet16-".length()));
                if (k >= 1 && k <= 1000) {
                    return "imagenet16-" + k;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name
                + "': expected cifar10, cifar100 or imagenet16-120 (imagenet16-N for N in 1..1000)");
    }

    /** Number of classes of a dataset name. */
    public static int numClasses(String name) {
        String n = canonicalName(name);
        return switch (n) {
            case "cifar10" -> 10;
            case "cifar100" -> 100;
            default -> Integer.parseInt(n.substring("imagenet16-".length()));
        };
    }

    /** Image side length of a dataset name: 32 for CIFAR, 16 for ImageNet16. */
    public static int imageSize(String name) {
        return canonicalName(name).startsWith("imagenet16") ? ImageNet16.SIZE : 32;
    }

    /**
     * Opens a dataset from a directory or one batch file. A single file's split is guessed from
     * its name ("test" or "val" in it means TEST, else TRAIN); {@link Dataset#loadAll()} ignores it.
     *
     * @throws IOException naming the path, the files that were looked for and what was found
     */
    public static Dataset open(String name, Path dirOrFile) throws IOException {
        String canonical = canonicalName(name);
        int classes = numClasses(canonical);
        if (Files.isRegularFile(dirOrFile)) {
            Dataset.sniff(dirOrFile);  // fail early on empty or unrecognisable files
            String file = dirOrFile.getFileName().toString().toLowerCase(Locale.ROOT);
            Dataset.Split split = file.contains("test") || file.contains("val") ? Dataset.Split.TEST : Dataset.Split.TRAIN;
            return new Dataset(canonical, classes, dirOrFile, Map.of(split, List.of(dirOrFile)));
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new IOException(dirOrFile + ": no such file or directory; expected the " + canonical
                    + " data directory or one of its batch files (see `CifarDownloader` for CIFAR)");
        }
        List<Layout> layouts = layouts(canonical);
        for (Layout layout : layouts) {
            for (Path dir : List.of(dirOrFile, dirOrFile.resolve(layout.subdir))) {
                Map<Dataset.Split, List<Path>> found = find(dir, layout);
                if (!found.isEmpty()) {
                    return new Dataset(canonical, classes, dir, found);
                }
            }
        }
        StringBuilder expected = new StringBuilder();
        for (Layout layout : layouts) {
            expected.append(expected.length() > 0 ? "; or " : "").append(layout.train.get(0)).append(", ")
                    .append(layout.test.get(0)).append(" ... (also under ").append(layout.subdir).append("/)");
        }
        throw new IOException(dirOrFile + ": no " + canonical + " batch files found; expected " + expected
                + ", found " + listing(dirOrFile));
    }

    /** File names of one format: train files, test files and the usual sub-directory. */
    private record Layout(List<String> train, List<String> test, String subdir) {
    }

    private static List<Layout> layouts(String canonical) {
        List<Layout> out = new ArrayList<>();
        switch (canonical) {
            case "cifar10" -> {
                out.add(new Layout(numbered("data_batch_", 5, ".bin"), List.of("test_batch.bin"), "cifar-10-batches-bin"));
                out.add(new Layout(numbered("data_batch_", 5, ""), List.of("test_batch"), "cifar-10-batches-py"));
            }
            case "cifar100" -> {
                out.add(new Layout(List.of("train.bin"), List.of("test.bin"), "cifar-100-binary"));
                out.add(new Layout(List.of("train"), List.of("test"), "cifar-100-python"));
            }
            default -> out.add(new Layout(numbered("train_data_batch_", 10, ""), List.of("val_data"), "ImageNet16"));
        }
        return out;
    }

    private static List<String> numbered(String prefix, int count, String suffix) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(prefix + i + suffix);
        }
        return names;
    }

    private static Map<Dataset.Split, List<Path>> find(Path dir, Layout layout) throws IOException {
        Map<Dataset.Split, List<Path>> found = new EnumMap<>(Dataset.Split.class);
        if (!Files.isDirectory(dir)) {
            return found;
        }
        for (Dataset.Split split : Dataset.Split.values()) {
            List<String> names = split == Dataset.Split.TRAIN ? layout.train : layout.test;
            List<Path> present = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String n : names) {
                Path p = dir.resolve(n);
                if (Files.isRegularFile(p)) {
                    present.add(p);
                } else {
                    missing.add(n);
                }
            }
            if (!present.isEmpty() && !missing.isEmpty()) {
                throw new IOException(dir + ": the " + split.name().toLowerCase() + " split is incomplete: found "
                        + present.size() + " of " + names.size() + " files, missing " + missing
                        + "; re-extract or re-download the dataset");
            }
            if (!present.isEmpty()) {
                found.put(split, present);
            }
        }
        return found;
    }

    private static String listing(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(20).toList();
            return names.isEmpty() ? "an empty directory" : names.toString();
        }
    }
}
