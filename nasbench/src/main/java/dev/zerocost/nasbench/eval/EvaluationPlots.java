package dev.zerocost.nasbench.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of an {@link EvaluationReport}: per proxy a scatter of score rank (1 = predicted worst)
 * against test accuracy, and a bar chart of Spearman rho per proxy beside the published values.
 */
public final class EvaluationPlots {
    private EvaluationPlots() {
    }

    /** Writes {@code rank_vs_accuracy_<proxy>.png} per proxy and {@code spearman.png} into {@code dir}. */
    public static List<Path> write(EvaluationReport report, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (ProxyStats row : report.rows()) {
            if (row.n() > 0) {
                files.add(Charts.savePng(scatter(report, row), dir, "rank_vs_accuracy_" + row.proxy()));
            }
        }
        files.add(Charts.savePng(bars(report), dir, "spearman"));
        return files;
    }

    static XYChart scatter(EvaluationReport report, ProxyStats row) {
        XYChart chart = new XYChartBuilder().width(640).height(480)
                .title(row.proxy() + " on " + report.dataset() + String.format(java.util.Locale.ROOT,
                        " (n=%d, Spearman %.3f)", row.n(), row.spearman()))
                .xAxisTitle("rank of " + row.proxy() + " score (higher = predicted better)")
                .yAxisTitle(report.dataset() + " test accuracy (%)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(row.n() > 2000 ? 2 : 4);
        double[] ranks = Ranks.average(row.score());
        XYSeries series = chart.addSeries(row.proxy(), ranks, row.accuracy());
        series.setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    static CategoryChart bars(EvaluationReport report) {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(640, 90 * report.rows().size())).height(480)
                .title("Spearman rho with " + report.dataset() + " test accuracy")
                .xAxisTitle("proxy").yAxisTitle("Spearman rho").build();
        chart.getStyler().setYAxisMin(Math.min(0.0, minimum(report)));
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> names = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        List<Double> published = new ArrayList<>();
        for (ProxyStats row : report.rows()) {
            names.add(row.proxy());
            measured.add(Double.isNaN(row.spearman()) ? 0.0 : row.spearman());
            double zico = PublishedNumbers.get(report.dataset(), row.proxy(), "spearman");
            double notebook = PublishedNumbers.get(report.dataset(), row.proxy(), "notebook_abs_spearman");
            double p = Double.isNaN(zico) ? notebook : zico;
            published.add(Double.isNaN(p) ? 0.0 : p);
        }
        chart.addSeries("measured", names, measured);
        chart.addSeries("published (ZiCo, else zero-cost-nas notebook; 0 = none)", names, published);
        return chart;
    }

    private static double minimum(EvaluationReport report) {
        return report.rows().stream().mapToDouble(ProxyStats::spearman).filter(d -> !Double.isNaN(d)).min().orElse(0);
    }
}
