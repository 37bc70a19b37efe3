package dev.zerocost.nasbench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.engine.cpu.CpuThreads;
import dev.zerocost.nasbench.eval.EvalOptions;
import dev.zerocost.nasbench.eval.Evaluation;
import dev.zerocost.nasbench.scoring.ArchScorer;
import dev.zerocost.nasbench.scoring.ResultsFile;
import dev.zerocost.nasbench.scoring.SweepData;
import dev.zerocost.nasbench.scoring.SweepOutput;
import dev.zerocost.nasbench.space.Nb201Index;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zerocost score}: scores a selection of NB-201 archs with zero-cost proxies and writes one
 * JSON line per arch (see {@link ResultsFile}), resumable and shardable. Exit 0 when every arch
 * scored cleanly, 1 when some arch recorded an error, 2 for bad options or input.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score NB-201 archs with zero-cost proxies; one JSON line per arch, resumable.")
public final class ScoreCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ScoreOptions o = new ScoreOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ScoreSetup setup = ScoreSetup.resolve(o, err);
        Backend previous = Backends.use(setup.backend());
        int threadsBefore = CpuThreads.count();
        try {
            if (o.threads != null) {
                CpuThreads.setCount(o.threads);
            }
            return sweep(setup, out, err);
        } finally {
            Backends.use(previous);
            if (o.threads != null) {
                CpuThreads.setCount(threadsBefore);
            }
        }
    }

    private int sweep(ScoreSetup setup, PrintWriter out, PrintWriter err) throws Exception {
        SweepData data = setup.data();
        ObjectNode header = ResultsFile.header(setup.config(), setup.run());
        boolean toStdout = o.out.equals("-");
        try (SweepOutput output = toStdout ? SweepOutput.toStream(out, header)
                : SweepOutput.toFile(Path.of(o.out), header, o.resume)) {
            List<Integer> todo = setup.indices().stream()
                    .filter(i -> !output.done().contains(Nb201Index.arch(i).toString())).toList();
            int skipped = setup.indices().size() - todo.size();
            if (!o.quiet) {
                err.println("zerocost: scoring " + todo.size() + " archs" + (skipped > 0 ? " (" + skipped
                        + " already done)" : "") + " with " + setup.proxyNames() + " on " + data.dataset() + " ("
                        + data.batches().size() + " x " + data.batchSize() + "), network " + setup.network().kind()
                        + " C=" + setup.network().channels() + " N=" + setup.network().cells() + ", backend "
                        + setup.backend().name() + (o.repeat > 1 ? ", " + o.repeat + " runs per arch" : "") + ", output " + (toStdout ? "stdout" : o.out));
                err.flush();
            }
            ArchScorer scorer = new ArchScorer(setup.network(), setup.proxies(), data, setup.backend().name(),
                    o.repeat, o.sharePasses, w -> {
                        err.println("zerocost: WARNING: " + w);
                        err.flush();
                    });
            Progress progress = o.quiet ? null : new Progress(err, todo.size(), System.console() != null);
            SweepSummary summary = new SweepSummary(setup.proxyNames());
            for (int index : todo) {
                ObjectNode rec = scorer.score(index);
                output.writeLine(rec);
                summary.add(rec);
                if (progress != null) {
                    progress.archDone(ArchScorer.failed(rec));
                }
            }
            if (progress != null) {
                progress.finish();
            }
            if (!o.quiet) {
                summary.printTimes(err, skipped);
                if (!toStdout) {
                    summary.printTable(out);
                }
            }
            Path truth = truth();
            if (truth != null) {
                reportCorrelations(truth, out, toStdout);
            }
            return summary.failures() > 0 ? ZerocostCommand.SOME_FAILED : ZerocostCommand.OK;
        }
    }

    /** --truth, else the shared ground-truth table when it is found; "none" turns correlations off. */
    private Path truth() {
        if (o.truth != null) {
            return o.truth.toString().equals("none") ? null : o.truth;
        }
        return DataLocator.sharedGroundTruth().orElse(null);
    }

    /**
     * Joins the whole results file (this run and any resumed part) with the ground truth and prints
     * the correlation table of {@code zerocost eval} (200 bootstrap resamples, to stay quick).
     */
    private void reportCorrelations(Path truth, PrintWriter out, boolean toStdout) {
        PrintWriter where = toStdout ? spec.commandLine().getErr() : out;
        if (toStdout) {
            where.println("correlations: not computed for --out - ; write to a file, or run `zerocost eval --results FILE.jsonl --truth "
                    + truth + "`");
        } else {
            try {
                EvalOptions quick = EvalOptions.defaults().withBootstrap(200);
                where.println();
                where.println("correlations with test accuracy from " + truth + (o.truth == null
                        ? " (found beside the repository; --truth CSV to choose another, --truth none for none)" : ""));
                where.println(Evaluation.run(List.of(Path.of(o.out)), truth, null, quick).markdown());
            } catch (IOException | RuntimeException e) {
                where.println("correlations: could not evaluate " + o.out + " against " + truth + ": " + e.getMessage());
            }
        }
        where.flush();
    }
}
