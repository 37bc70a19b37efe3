package dev.zerocost.nasbench.search;

import dev.zerocost.nasbench.eval.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Search results as a Markdown table (mean +- std at checkpoints) and a PNG line plot of the mean curves. */
public record SearchReport(String description, List<SearchBenchmark.Curves> curves, int[] checkpoints, double optimum,
                           List<String> notes) {

    public String markdown() {
        StringBuilder md = new StringBuilder(description).append("\n\n| algorithm |");
        for (int c : checkpoints) {
            md.append(' ').append(c).append(" trained |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(checkpoints.length)).append('\n');
        for (SearchBenchmark.Curves c : curves) {
            md.append("| ").append(c.algorithm()).append(" |");
            for (int t : checkpoints) {
                md.append(String.format(Locale.ROOT, " %.2f ± %.2f |", c.mean(t), c.std(t)));
            }
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, "\nbest accuracy in the space: %.2f%n", optimum));
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        return md.toString();
    }

    /** Writes {@code search.png} into {@code dir}: mean best accuracy against trained archs. */
    public Path writePlot(Path dir, String yTitle) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(520).title("Best accuracy found vs trained archs")
                .xAxisTitle("trained archs").yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        int budget = curves.get(0).runs()[0].length;
        double[] x = new double[budget];
        for (int t = 0; t < budget; t++) {
            x[t] = t + 1;
        }
        for (SearchBenchmark.Curves c : curves) {
            double[] y = new double[budget];
            for (int t = 0; t < budget; t++) {
                y[t] = c.mean(t + 1);
            }
            chart.addSeries(c.algorithm(), x, y).setMarker(SeriesMarkers.NONE);
        }
        return Charts.savePng(chart, dir, "search");
    }
}
