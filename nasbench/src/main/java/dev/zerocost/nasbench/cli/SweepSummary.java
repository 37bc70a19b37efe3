package dev.zerocost.nasbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocost.nasbench.scoring.ArchScorer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the records of one sweep for its end-of-run report: archs scored, failures, median
 * and total seconds per proxy (stderr; with --repeat the median of per-arch medians and the min
 * and max of single runs), and a short table of the first archs' scores plus
 * per-proxy statistics (stdout, when the results went to a file).
 */
final class SweepSummary {
    private static final int TABLE_ROWS = 10;

    private final List<String> proxies;
    private final List<ObjectNode> records = new ArrayList<>();
    private int failures;

    SweepSummary(List<String> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    void add(ObjectNode record) {
        records.add(record);
        if (ArchScorer.failed(record)) {
            failures++;
        }
    }

    int failures() {
        return failures;
    }

    /** Archs, failures and time per proxy. */
    void printTimes(PrintWriter err, int skipped) {
        err.printf(Locale.ROOT, "zerocost: scored %d archs (%d with errors)%s%n", records.size(), failures,
                skipped > 0 ? ", " + skipped + " already in the output were skipped" : "");
        for (String p : proxies) {
            List<Double> secs = column(p, "seconds");
            List<Double> runs = runs(p);
            if (runs.size() > secs.size()) {  // --repeat: per-arch medians, then the spread of single runs
                err.printf(Locale.ROOT, "  %-12s median %8.3f s/arch (median of per-arch medians), single runs"
                        + " min %8.3f max %8.3f s, total %9.1f s%n", p, median(secs), Collections.min(runs),
                        Collections.max(runs), sum(runs));
            } else if (!secs.isEmpty()) {
                err.printf(Locale.ROOT, "  %-12s median %8.3f s/arch, total %9.1f s%n", p, median(secs), sum(secs));
            }
        }
        for (Map.Entry<String, Integer> e : errorCounts().entrySet()) {
            err.printf(Locale.ROOT, "  %-12s errors in %d archs, first: %s%n", e.getKey(), e.getValue(),
                    firstError(e.getKey()));
        }
        err.flush();
    }

    /** The first archs' scores and, per proxy, count, median, min and max of the finite scores. */
    void printTable(PrintWriter out) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%7s", "index"));
        for (String p : proxies) {
            head.append(String.format(Locale.ROOT, " %14s", p));
        }
        out.println(head);
        for (ObjectNode r : records.subList(0, Math.min(TABLE_ROWS, records.size()))) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7d", r.path("index").asInt()));
            for (String p : proxies) {
                JsonNode v = r.path("scores").path(p);
                row.append(v.isNumber() ? String.format(Locale.ROOT, " %14.6g", v.asDouble()) : String.format(" %14s", "null"));
            }
            out.println(row);
        }
        if (records.size() > TABLE_ROWS) {
            out.println("    ... (" + (records.size() - TABLE_ROWS) + " more in the output file)");
        }
        out.printf(Locale.ROOT, "%-12s %6s %14s %14s %14s%n", "proxy", "n", "median", "min", "max");
        for (String p : proxies) {
            List<Double> v = column(p, "scores");
            if (v.isEmpty()) {
                out.printf(Locale.ROOT, "%-12s %6d %14s %14s %14s%n", p, 0, "-", "-", "-");
            } else {
                out.printf(Locale.ROOT, "%-12s %6d %14.6g %14.6g %14.6g%n", p, v.size(), median(v),
                        Collections.min(v), Collections.max(v));
            }
        }
        out.flush();
    }

    private List<Double> column(String proxy, String field) {
        List<Double> out = new ArrayList<>();
        for (ObjectNode r : records) {
            JsonNode v = r.path(field).path(proxy);
            if (v.isNumber()) {
                out.add(v.asDouble());
            }
        }
        return out;
    }

    /** Every single run's seconds of a proxy ({@code seconds_all} of --repeat records). */
    private List<Double> runs(String proxy) {
        List<Double> out = new ArrayList<>();
        for (ObjectNode r : records) {
            for (JsonNode v : r.path("seconds_all").path(proxy)) {
                if (v.isNumber()) {
                    out.add(v.asDouble());
                }
            }
        }
        return out;
    }

    static double median(List<Double> values) {
        return ArchScorer.median(values);
    }

    private static double sum(List<Double> values) {
        double t = 0;
        for (double v : values) {
            t += v;
        }
        return t;
    }

    private String firstError(String proxy) {
        for (ObjectNode r : records) {
            JsonNode e = r.path("errors").path(proxy);
            if (e.isTextual()) {
                return "index " + r.path("index").asInt() + ": " + e.asText();
            }
        }
        return "";
    }

    /** Proxy name -> count of archs with that proxy's error, for the summary. */
    private Map<String, Integer> errorCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ObjectNode r : records) {
            r.path("errors").fieldNames().forEachRemaining(p -> out.merge(p, 1, Integer::sum));
        }
        return out;
    }
}
