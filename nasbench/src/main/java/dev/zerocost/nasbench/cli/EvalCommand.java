package dev.zerocost.nasbench.cli;

import dev.zerocost.nasbench.eval.EvalOptions;
import dev.zerocost.nasbench.eval.Evaluation;
import dev.zerocost.nasbench.eval.EvaluationPlots;
import dev.zerocost.nasbench.eval.EvaluationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zerocost eval}: correlations of proxy scores with NB-201 test accuracy, as Markdown, CSV and PNG. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Correlate zerocost score results with ground-truth test accuracy: Kendall tau-b, Spearman rho, "
                + "Pearson and top-k%% overlap per proxy (and the synflow/jacob_cov/snip vote), with bootstrap intervals, "
                + "beside the published numbers.",
                "Example: zerocost eval --results scores.jsonl --truth ../shared/data/nb201/nb201_ground_truth.csv --plots plots"})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--results", required = true, arity = "1..*", paramLabel = "FILE.jsonl",
            description = "JSONL output of zerocost score; several files (e.g. shards) are merged")
    List<Path> results;

    @Option(names = "--truth", required = true, paramLabel = "CSV",
            description = "ground-truth CSV with an arch column and <dataset>_test_acc columns")
    Path truth;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "cifar10, cifar100 or imagenet16-120 (default: the dataset the records name, else cifar10)")
    String dataset;

    @Option(names = "--arch-column", paramLabel = "NAME", description = "arch column of the CSV (default arch_str)")
    String archColumn;

    @Option(names = "--acc-column", paramLabel = "NAME", description = "accuracy column (default <dataset>_test_acc)")
    String accColumn;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description = "bootstrap resamples, 0 for none (default ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "bootstrap seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--topk", defaultValue = "10", paramLabel = "PERCENT", description = "top-k%% overlap (default ${DEFAULT-VALUE})")
    double topk;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the table as CSV")
    Path csv;

    @Option(names = "--plots", paramLabel = "DIR", description = "write PNG plots into this folder")
    Path plots;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (dataset != null && accColumn == null && !List.of("cifar10", "cifar100", "imagenet16-120").contains(dataset)) {
            throw new IllegalArgumentException("--dataset '" + dataset + "' has no ground truth; use cifar10, cifar100 or "
                    + "imagenet16-120, or name the column with --acc-column");
        }
        EvalOptions options = new EvalOptions(archColumn, accColumn, bootstrap, seed, 0.95, topk);
        EvaluationReport report = Evaluation.run(results, truth, dataset, options);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.markdown());
        if (csv != null) {
            report.writeCsv(csv);
            out.println("\nwrote " + csv);
        }
        if (plots != null) {
            List<Path> files = EvaluationPlots.write(report, plots);
            out.println("wrote " + files.size() + " plots into " + plots);
        }
        out.flush();
        return ZerocostCommand.OK;
    }
}
