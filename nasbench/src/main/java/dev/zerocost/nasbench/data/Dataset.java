package dev.zerocost.nasbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An opened dataset: its canonical name, class count and the batch files of each split, found
 * by {@link Datasets#open}. Nothing is read until {@link #load(Split)}.
 */
public final class Dataset {
    /** Dataset splits. ImageNet16's {@code val_data} is its TEST split, as in NB-201. */
    public enum Split { TRAIN, TEST }

    /** On-disk formats. */
    public enum Format {
        /** CIFAR "binary version": fixed-size records. */
        CIFAR_BINARY,
        /** Pickled dicts: the CIFAR "python version" and ImageNet16. */
        PICKLE
    }

    private final String name;
    private final int classes;
    private final Path location;
    private final Map<Split, List<Path>> files;

    Dataset(String name, int classes, Path location, Map<Split, List<Path>> files) {
        this.name = name;
        this.classes = classes;
        this.location = location;
        this.files = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            this.files.put(s, List.copyOf(files.getOrDefault(s, List.of())));
        }
    }

    /** Canonical name: cifar10, cifar100 or imagenet16-N. */
    public String name() {
        return name;
    }

    /** Number of classes (labels are 0..classes-1). */
    public int classes() {
        return classes;
    }

    /** The directory or single file the dataset was opened from. */
    public Path location() {
        return location;
    }

    /** Batch files of a split, in reading order; empty when the split is absent. */
    public List<Path> files(Split split) {
        return files.get(split);
    }

    /** Reads and concatenates all files of a split, in order. */
    public RawImages load(Split split) throws IOException {
        List<Path> list = files.get(split);
        if (list.isEmpty()) {
            throw new IOException(location + ": no " + split.name().toLowerCase() + " files for " + name
                    + " (found only " + files + "); point to a directory holding them");
        }
        return load(list, name + " " + split.name().toLowerCase());
    }

    /** Reads every file of the dataset, train split first. */
    public RawImages loadAll() throws IOException {
        List<Path> all = new ArrayList<>(files.get(Split.TRAIN));
        all.addAll(files.get(Split.TEST));
        return load(all, name);
    }

    private RawImages load(List<Path> list, String what) throws IOException {
        List<RawImages> parts = new ArrayList<>();
        for (Path f : list) {
            parts.add(readFile(f));
        }
        String source = what + " from " + (list.size() == 1 ? list.get(0) : location + " (" + list.size() + " files)");
        return parts.size() == 1 ? withSource(parts.get(0), source) : RawImages.concat(parts, source);
    }

    private static RawImages withSource(RawImages r, String source) {
        return new RawImages(r.pixels(), r.labels(), r.n(), r.channels(), r.height(), r.width(),
                source + ", " + r.source());
    }

    private RawImages readFile(Path f) throws IOException {
        Format format = sniff(f);
        if (name.startsWith("imagenet16")) {
            if (format != Format.PICKLE) {
                throw new IOException(f + ": expected an ImageNet16 pickle (first byte 0x80), found another format");
            }
            return ImageNet16.read(f, classes);
        }
        boolean cifar100 = name.equals("cifar100");
        if (format == Format.PICKLE) {
            return cifar100 ? PickledImages.readCifar100(f) : PickledImages.readCifar10(f);
        }
        CifarBinary.Layout layout = cifar100 ? CifarBinary.detectCifar100Layout(f) : CifarBinary.Layout.ONE_LABEL;
        return CifarBinary.read(f, layout, classes);
    }

    /**
     * The format of a batch file from its first byte: 0x80 starts every pickle of protocol 2 or
     * later, while a CIFAR binary file starts with a label byte below 100.
     */
    static Format sniff(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + ": expected a dataset batch file, found " + (Files.exists(f) ? "a directory or special file" : "nothing"));
        }
        int first;
        try (InputStream in = Files.newInputStream(f)) {
            first = in.read();
        }
        if (first < 0) {
            throw new IOException(f + ": expected a dataset batch file, found an empty file; re-download it");
        }
        boolean binaryName = f.getFileName().toString().endsWith(".bin");
        if (first == 0x80) {
            if (binaryName) {
                throw new IOException(f + ": named .bin (CIFAR binary records) but holds a pickle; rename it or fix the download");
            }
            return Format.PICKLE;
        }
        if (!binaryName && first >= 100) {
            throw new IOException(f + String.format(": expected a pickle (first byte 0x80) or CIFAR binary records"
                    + " (first byte a label below 100), found first byte 0x%02x", first));
        }
        return Format.CIFAR_BINARY;
    }

    @Override
    public String toString() {
        return "Dataset(" + name + ", " + classes + " classes, " + location + ", train " + files.get(Split.TRAIN).size()
                + " files, test " + files.get(Split.TEST).size() + " files)";
    }
}
