package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support: the (index, arch_str, unique_str) columns of the shared NB-201 ground-truth table.
 * When the file is absent the calling test is skipped with a printed reason, never passed silently.
 */
final class GroundTruthCsv {
    record Row(int index, String archStr, String uniqueStr) {
    }

    private static List<Row> cached;

    private GroundTruthCsv() {
    }

    /**
     * The shared file {@code data/nb201/<name>}, or a skipped test (with the reason printed to stdout)
     * when it is missing.
     */
    static Path nb201FileOrSkip(String name, String testName) {
        Path shared = Path.of(System.getProperty("zerocost.shared", "../shared"));
        Path file = shared.resolve("data").resolve("nb201").resolve(name);
        if (!Files.isRegularFile(file)) {
            String reason = testName + " SKIPPED: " + name + " not found at " + file.toAbsolutePath()
                    + " (set -Dzerocost.shared=<dir holding data/nb201/>)";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
        return file;
    }

    /** All rows of the ground-truth table, or a skipped test when the file is missing. */
    static synchronized List<Row> rowsOrSkip(String testName) {
        Path file = nb201FileOrSkip("nb201_ground_truth.csv", testName);
        if (cached == null) {
            cached = read(file);
        }
        return cached;
    }

    private static List<Row> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> header = Arrays.asList(lines.get(0).strip().split(",", -1));
            int index = header.indexOf("index");
            int arch = header.indexOf("arch_str");
            int unique = header.indexOf("unique_str");
            assertTrue(index >= 0 && arch >= 0 && unique >= 0, "unexpected header in " + file + ": " + header);
            List<Row> rows = new ArrayList<>(lines.size() - 1);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.strip().split(",", -1);
                rows.add(new Row(Integer.parseInt(cells[index]), cells[arch], cells[unique]));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
