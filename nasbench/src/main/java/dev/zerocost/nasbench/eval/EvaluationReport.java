package dev.zerocost.nasbench.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The result of an {@link Evaluation}: one {@link ProxyStats} per proxy, the vote's pairwise
 * agreement (NaN without the three voters), and notes; printable as Markdown, writable as CSV.
 */
public record EvaluationReport(String dataset, String accuracyColumn, int joined, int missingInTruth,
                               List<ProxyStats> rows, double voteAgreement, EvalOptions options, List<String> notes) {

    /** A Markdown table beside the published numbers, then the vote agreement and notes. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        String ci = pct(options.level()) + "% CI";
        md.append("Correlation with ").append(dataset).append(" test accuracy (column ").append(accuracyColumn).append("), ")
                .append(joined).append(" archs with ground truth. Scores are oriented so that higher predicts better ")
                .append("(lower-is-better proxies negated).");
        if (options.bootstrap() > 0) {
            md.append(' ').append(ci).append(": percentile bootstrap, ").append(options.bootstrap())
                    .append(" resamples, seed ").append(options.seed()).append('.');
        }
        md.append("\n\n| proxy | n | Kendall tau-b [").append(ci).append("] | Spearman rho [").append(ci).append("] | Pearson | top-")
                .append(fmtPercent(options.topPercent())).append("% | published tau / rho (ZiCo) | notebook abs(rho) |\n");
        md.append("|---|---:|---|---|---:|---:|---|---:|\n");
        for (ProxyStats r : rows) {
            md.append("| ").append(r.proxy()).append(r.orientation().higherIsBetter() ? "" : " (negated)")
                    .append(" | ").append(r.n())
                    .append(" | ").append(withCi(r.kendall(), r.kendallCi()))
                    .append(" | ").append(withCi(r.spearman(), r.spearmanCi()))
                    .append(" | ").append(fmt(r.pearson()))
                    .append(" | ").append(fmt(r.topOverlap()))
                    .append(" | ").append(published(r.proxy()))
                    .append(" | ").append(fmt(PublishedNumbers.get(dataset, r.proxy(), "notebook_abs_spearman")))
                    .append(" |\n");
        }
        if (!Double.isNaN(voteAgreement)) {
            md.append("\nvote pairwise agreement (fraction of arch pairs ordered as accuracy by the majority, the notebook's ")
                    .append("\"votes correlation\"): ").append(fmt(voteAgreement)).append(", published ")
                    .append(fmt(PublishedNumbers.get(dataset, "vote", "vote_agreement"))).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** One CSV row per proxy, with intervals, the published values and the pairwise vote agreement. */
    public void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("dataset,proxy,higher_is_better,n,dropped,kendall,kendall_low,kendall_high,"
                + "spearman,spearman_low,spearman_high,pearson,top_percent,top_overlap,published_kendall,published_spearman,"
                + "notebook_abs_spearman,vote_agreement\n");
        for (ProxyStats r : rows) {
            csv.append(String.join(",", dataset, r.proxy(), String.valueOf(r.orientation().higherIsBetter()),
                    String.valueOf(r.n()), String.valueOf(r.dropped()), num(r.kendall()), num(r.kendallCi().low()),
                    num(r.kendallCi().high()), num(r.spearman()), num(r.spearmanCi().low()), num(r.spearmanCi().high()),
                    num(r.pearson()), num(options.topPercent()), num(r.topOverlap()),
                    num(PublishedNumbers.get(dataset, r.proxy(), "kendall")),
                    num(PublishedNumbers.get(dataset, r.proxy(), "spearman")),
                    num(PublishedNumbers.get(dataset, r.proxy(), "notebook_abs_spearman")),
                    num(r.proxy().equals("vote") ? voteAgreement : Double.NaN))).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** The row of a proxy, or null. */
    public ProxyStats row(String proxy) {
        return rows.stream().filter(r -> r.proxy().equals(proxy)).findFirst().orElse(null);
    }

    private String published(String proxy) {
        double tau = PublishedNumbers.get(dataset, proxy, "kendall");
        double rho = PublishedNumbers.get(dataset, proxy, "spearman");
        return Double.isNaN(tau) && Double.isNaN(rho) ? "-" : fmt2(tau) + " / " + fmt2(rho);
    }

    private static String withCi(double value, Bootstrap.Interval ci) {
        return Double.isNaN(ci.low()) ? fmt(value) : fmt(value) + " [" + fmt(ci.low()) + ", " + fmt(ci.high()) + "]";
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtPercent(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String pct(double level) {
        return fmtPercent(level * 100);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.valueOf(v);
    }
}
