package dev.zerocost.nasbench.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Published correlations to compare against (REFERENCE.md section 6), from the resource
 * {@code published.csv}: ZiCo paper Tables 1 and 3 (Kendall, Spearman) and the zero-cost-nas
 * notebook (|Spearman| and the vote's pairwise agreement). NaN where nothing was published.
 */
public final class PublishedNumbers {
    /** The datasets with published numbers. */
    public static final List<String> DATASETS = List.of("cifar10", "cifar100", "imagenet16-120");

    private static final Map<String, Double> VALUES = load();

    private PublishedNumbers() {
    }

    /** A published value, e.g. {@code get("cifar10", "zico", "spearman")}; NaN when none. */
    public static double get(String dataset, String proxy, String metric) {
        Double v = VALUES.get(key(dataset, proxy, metric));
        return v == null ? Double.NaN : v;
    }

    private static String key(String dataset, String proxy, String metric) {
        return dataset + "/" + proxy + "/" + metric;
    }

    private static Map<String, Double> load() {
        Map<String, Double> values = new HashMap<>();
        try (InputStream in = PublishedNumbers.class.getResourceAsStream("published.csv")) {
            if (in == null) {
                throw new IllegalStateException("resource dev/zerocost/nasbench/eval/published.csv is missing from the jar; rebuild");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] c = line.split(",", -1);
                values.put(key(c[0], c[1], c[2]), Double.parseDouble(c[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
