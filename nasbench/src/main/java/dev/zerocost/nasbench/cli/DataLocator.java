package dev.zerocost.nasbench.cli;

import dev.zerocost.nasbench.data.CifarDownloader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@code zerocost score} finds images when no --data is given: the project's shared CIFAR-10
 * batch ({@code ../shared/data/images/}, the repository sits beside {@code shared/}), then the
 * download cache, downloading into it only with --download. Callers fall back to synthetic data
 * (with a loud warning) when this finds nothing.
 */
final class DataLocator {
    /** The shared CIFAR-10 batch: the first 1000 images of data_batch_1. */
    static final String SHARED_CIFAR10 = "cifar10_train_batch1_first1000.bin";

    private final List<String> looked = new ArrayList<>();

    /** Places searched so far, for the warning when nothing is found. */
    List<String> looked() {
        return looked;
    }

    /** The NB-201 ground-truth table beside the repository ({@code shared/data/nb201/nb201_ground_truth.csv}), or empty. */
    static Optional<Path> sharedGroundTruth() {
        for (Path shared : sharedDirs()) {
            Path f = shared.resolve("data").resolve("nb201").resolve("nb201_ground_truth.csv");
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The data for a dataset, or empty. */
    Optional<Path> find(String dataset, boolean download) throws IOException {
        if (dataset.equals("cifar10")) {
            for (Path shared : sharedDirs()) {
                Path f = shared.resolve("data").resolve("images").resolve(SHARED_CIFAR10);
                looked.add(f.toString());
                if (Files.isRegularFile(f)) {
                    return Optional.of(f);
                }
            }
        }
        if (!dataset.equals("cifar10") && !dataset.equals("cifar100")) {
            looked.add("(no download exists for " + dataset + ")");
            return Optional.empty();
        }
        CifarDownloader.Archive archive = CifarDownloader.archiveFor(dataset);
        Path extracted = cacheDir().resolve(archive.directory());
        looked.add(extracted.toString());
        if (Files.isDirectory(extracted)) {
            return Optional.of(extracted);
        }
        if (download) {
            return Optional.of(new CifarDownloader(cacheDir()).ensure(archive));
        }
        looked.add("(download skipped: pass --download)");
        return Optional.empty();
    }

    /**
     * Candidate shared directories: system property {@code zerocost.shared}, then {@code shared}
     * beside the current directory and beside its parent, then beside the repository that holds
     * the running jar (or classes directory), which sits at {@code <repo>/nasbench/target/}.
     */
    static List<Path> sharedDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        String prop = System.getProperty("zerocost.shared");
        if (prop != null && !prop.isBlank()) {
            dirs.add(Path.of(prop).toAbsolutePath().normalize());
        }
        Path cwd = Path.of("").toAbsolutePath();
        dirs.add(cwd.resolve("../shared").normalize());
        dirs.add(cwd.resolve("../../shared").normalize());
        try {
            Path code = Path.of(DataLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repo = code.getParent() == null ? null : code.getParent().getParent();
            if (repo != null && repo.getParent() != null) {
                dirs.add(repo.getParent().resolve("shared").normalize());
            }
        } catch (Exception e) {
            // no code source (unusual class loader): the other candidates remain
        }
        return List.copyOf(dirs);
    }

    /** The download cache: $ZEROCOST_CACHE, else $XDG_CACHE_HOME/zerocost, else ~/.cache/zerocost. */
    static Path cacheDir() {
        String env = System.getenv("ZEROCOST_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("zerocost");
    }
}
