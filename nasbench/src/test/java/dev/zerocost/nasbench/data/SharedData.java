package dev.zerocost.nasbench.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test access to the project's shared data directory (never copied into the repository). */
final class SharedData {
    private SharedData() {
    }

    /** The shared directory: system property {@code zerocost.shared}, default {@code ../shared}. */
    static Path root() {
        return Path.of(System.getProperty("zerocost.shared", "../shared"));
    }

    /** {@code images/<name>} under the shared directory; skips the test, printing why, when it is absent. */
    static Path image(String name) {
        Path p = root().resolve("data").resolve("images").resolve(name);
        if (!Files.isRegularFile(p)) {
            String reason = "shared data file " + p.toAbsolutePath() + " is absent (set -Dzerocost.shared=DIR); skipping";
            System.out.println("SKIPPED: " + reason);
            assumeTrue(false, reason);
        }
        return p;
    }

    /** The label column (second field) of a shared {@code *_labels.csv}, header skipped. */
    static long[] csvLabels(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Long> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                labels.add(Long.parseLong(line.split(",")[1].trim()));
            }
        }
        return labels.stream().mapToLong(Long::longValue).toArray();
    }

    /** A test resource under {@code data/} as a path. */
    static Path resource(String name) {
        try {
            return Path.of(SharedData.class.getResource("/data/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource data/" + name + " is missing; run tools/reference/make_pickle_fixtures.py", e);
        }
    }
}
