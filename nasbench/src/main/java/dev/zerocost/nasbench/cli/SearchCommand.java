package dev.zerocost.nasbench.cli;

import dev.zerocost.nasbench.eval.GroundTruth;
import dev.zerocost.nasbench.eval.ResultsFile;
import dev.zerocost.nasbench.eval.ScoreTable;
import dev.zerocost.nasbench.search.RandomSearch;
import dev.zerocost.nasbench.search.RegularizedEvolution;
import dev.zerocost.nasbench.search.SearchAlgorithm;
import dev.zerocost.nasbench.search.SearchBenchmark;
import dev.zerocost.nasbench.search.SearchReport;
import dev.zerocost.nasbench.search.SearchSpace;
import dev.zerocost.nasbench.search.SearchSpaces;
import dev.zerocost.nasbench.search.ZeroShotEvolution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zerocost search}: NAS simulated on NB-201 ground truth, with and without a zero-cost proxy. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Random search, regularized evolution (REA) with zero-cost warmup and move proposal (zero-cost-nas) "
                + "and zero-shot evolution (ZiCo), using ground-truth accuracy as the training oracle: best accuracy "
                + "found vs trained archs, averaged over seeds.",
                "Example: zerocost search --truth ../shared/data/nb201/nb201_ground_truth.csv --results scores.jsonl --proxy synflow"})
public final class SearchCommand implements Callable<Integer> {
    @Option(names = "--truth", required = true, paramLabel = "CSV", description = "ground-truth CSV (the training oracle)")
    Path truth;

    @Option(names = "--dataset", defaultValue = "cifar10", description = "cifar10, cifar100 or imagenet16-120 (default ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--arch-column", paramLabel = "NAME", description = "arch column of the CSV (default arch_str)")
    String archColumn;

    @Option(names = "--acc-column", paramLabel = "NAME", description = "accuracy column (default <dataset>_test_acc)")
    String accColumn;

    @Option(names = "--results", arity = "1..*", paramLabel = "FILE.jsonl", description = "zerocost score output giving the proxy")
    List<Path> results;

    @Option(names = "--proxy", paramLabel = "NAME", description = "the proxy to search with (default: the only one in the results)")
    String proxy;

    @Option(names = "--budget", defaultValue = "200", description = "trained archs per run (default ${DEFAULT-VALUE})")
    int budget;

    @Option(names = "--checkpoints", defaultValue = "10,20,50,100,200", split = ",",
            description = "trained-arch counts to tabulate (default ${DEFAULT-VALUE})")
    int[] checkpoints;

    @Option(names = "--seeds", defaultValue = "10", description = "runs per algorithm (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--seed", defaultValue = "0", description = "first seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--population", defaultValue = "64", description = "evolution population (default ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--sample", defaultValue = "10", description = "REA tournament sample (default ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--warmup", defaultValue = "3000", description = "zero-cost warmup pool (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--zero-shot-iterations", defaultValue = "3000", description = "proxy evaluations of zero-shot evolution (default ${DEFAULT-VALUE})")
    int zeroShotIterations;

    @Option(names = "--plot", paramLabel = "DIR", description = "write search.png into this folder")
    Path plot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        GroundTruth oracle = GroundTruth.read(truth, dataset, archColumn, accColumn);
        List<String> notes = new ArrayList<>();
        notes.add("selection and reported accuracy both use " + oracle.column()
                + " (the zero-cost-nas notebook selects by validation accuracy and reports test accuracy)");
        SearchSpace space;
        List<SearchAlgorithm> algorithms = new ArrayList<>(List.of(new RandomSearch(0),
                new RegularizedEvolution(population, sample, 0, false)));
        if (results == null) {
            if (proxy != null) {
                throw new IllegalArgumentException("--proxy " + proxy + " needs --results FILE.jsonl holding its scores");
            }
            space = SearchSpaces.of(oracle);
        } else {
            ScoreTable scores = ResultsFile.read(results);
            String name = proxy != null ? proxy : onlyProxy(scores);
            space = SearchSpaces.of(oracle, scores, name);
            notes.add("proxy " + name + ": the space is restricted to the " + space.size() + " archs with a finite score"
                    + " and ground truth, for every algorithm");
            algorithms.add(new RandomSearch(warmup));
            algorithms.add(new RegularizedEvolution(population, sample, warmup, false));
            algorithms.add(new RegularizedEvolution(population, sample, 0, true));
            algorithms.add(new RegularizedEvolution(population, sample, warmup, true));
            algorithms.add(new ZeroShotEvolution(population, zeroShotIterations));
        }
        int[] marks = Arrays.stream(checkpoints).filter(c -> c >= 1 && c <= budget).toArray();
        if (marks.length == 0) {
            marks = new int[] {budget};
        }
        List<SearchBenchmark.Curves> curves = SearchBenchmark.runAll(algorithms, space, budget, seeds, seed);
        String description = String.format(java.util.Locale.ROOT,
                "Best %s found vs trained archs: %d archs in the space, mean ± std over %d seeds (from seed %d).",
                oracle.column(), space.size(), seeds, seed);
        if (seeds < 10) {
            notes.add("fewer than 10 seeds: the means are noisy");
        }
        SearchReport report = new SearchReport(description, curves, marks, space.optimum(), notes);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.markdown());
        if (plot != null) {
            out.println("wrote " + report.writePlot(plot, dataset + " test accuracy (%)"));
        }
        out.flush();
        return ZerocostCommand.OK;
    }

    private static String onlyProxy(ScoreTable scores) {
        if (scores.proxies().size() != 1) {
            throw new IllegalArgumentException("the results hold several proxies (" + String.join(", ", scores.proxies())
                    + "); choose one with --proxy");
        }
        return scores.proxies().get(0);
    }
}
