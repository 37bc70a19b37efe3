package dev.zerocost.nasbench.eval;

import dev.zerocost.nasbench.space.Arch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test accuracy per arch from a CSV such as {@code nb201_ground_truth.csv}: a header row, an arch
 * column ({@code arch_str} by default) and one accuracy column per dataset, named
 * {@code <dataset>_test_acc} with '-' written '_' (e.g. {@code imagenet16_120_test_acc}). Plain
 * comma-separated cells; surrounding double quotes are removed.
 */
public final class GroundTruth {
    /** The default arch column. */
    public static final String ARCH_COLUMN = "arch_str";

    private final Map<String, Double> accuracy;
    private final String column;

    private GroundTruth(Map<String, Double> accuracy, String column) {
        this.accuracy = accuracy;
        this.column = column;
    }

    /** The default accuracy column of a dataset: cifar10 gives cifar10_test_acc. */
    public static String defaultColumn(String dataset) {
        return dataset.toLowerCase(Locale.ROOT).replace('-', '_') + "_test_acc";
    }

    /** Reads the arch and accuracy columns; a null column name means the default. */
    public static GroundTruth read(Path csv, String dataset, String archColumn, String accColumn) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("ground-truth file " + csv + " does not exist; pass --truth CSV "
                    + "(e.g. ../shared/data/nb201/nb201_ground_truth.csv)");
        }
        String archName = archColumn == null ? ARCH_COLUMN : archColumn;
        String accName = accColumn == null ? defaultColumn(dataset) : accColumn;
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("ground-truth file " + csv + " is empty; expected a header row and one row per arch");
        }
        List<String> header = Arrays.stream(cells(lines.get(0))).toList();
        int arch = column(header, archName, csv, "--arch-column");
        int acc = column(header, accName, csv, "--acc-column");
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] row = cells(lines.get(i));
            if (row.length <= Math.max(arch, acc)) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + " has " + row.length + " cells, the header "
                        + header.size() + "; fix the file");
            }
            try {
                accuracy.put(Arch.parse(row[arch]).toString(), Double.parseDouble(row[acc]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": accuracy '" + row[acc] + "' in column "
                        + accName + " is not a number", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new GroundTruth(accuracy, accName);
    }

    private static int column(List<String> header, String name, Path csv, String option) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("ground-truth file " + csv + " has no column '" + name + "'; columns: "
                    + String.join(", ", header) + " (choose one with " + option + " or --dataset)");
        }
        return index;
    }

    private static String[] cells(String line) {
        String[] cells = line.strip().split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].strip();
            cells[i] = c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1) : c;
        }
        return cells;
    }

    /** Accuracy of a canonical arch string, or NaN when the table lacks it. */
    public double accuracy(String arch) {
        Double a = accuracy.get(arch);
        return a == null ? Double.NaN : a;
    }

    public boolean contains(String arch) {
        return accuracy.containsKey(arch);
    }

    /** Canonical arch string to accuracy, in file order. */
    public Map<String, Double> all() {
        return Collections.unmodifiableMap(accuracy);
    }

    /** The accuracy column that was read. */
    public String column() {
        return column;
    }
}
