package dev.zerocost.nasbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code zerocost score}; {@link ScoreSetup} checks and resolves them. */
final class ScoreOptions {
    /** The README's main job: the proxies the issue names. */
    static final String DEFAULT_PROXIES = "zico,synflow,nwot,params";
    static final String DEFAULT_ARCHS = "sample:100:0";
    static final int DEFAULT_BATCH_SIZE = 64;

    @Option(names = "--archs", paramLabel = "SELECTION",
            description = "all | sample:N[:SEED] | A-B | I,J,K | @FILE (default " + DEFAULT_ARCHS
                    + ", or none when --arch is given)")
    String archs;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "an arch string, index or NASLib tuple to score (repeatable; added after --archs)")
    List<String> arch = new ArrayList<>();

    @Option(names = "--proxies", paramLabel = "LIST", description = "comma-separated proxy names, or all (default "
            + DEFAULT_PROXIES + ")")
    String proxies;

    @Option(names = "--network", defaultValue = "nb201", description = "nb201 (the benchmark's network) or zc"
            + " (zero-cost-nas's); default ${DEFAULT-VALUE}")
    String network;

    @Option(names = "--dataset", defaultValue = "cifar10",
            description = "cifar10 | cifar100 | imagenet16-120 | synthetic; default ${DEFAULT-VALUE}")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR|FILE", description = "dataset directory or one batch file"
            + " (default: ../shared/data/images CIFAR-10 batch, then the download cache)")
    Path data;

    @Option(names = "--download", description = "download CIFAR into the cache when no data is found")
    boolean download;

    @Option(names = "--input-npz", paramLabel = "FILE",
            description = "exact inputs: 'input' float32 [N,3,H,W] and 'labels' int64 [N], split into --batches")
    Path inputNpz;

    @Option(names = "--batch-size", paramLabel = "B", description = "images per batch (default "
            + DEFAULT_BATCH_SIZE + ")")
    Integer batchSize;

    @Option(names = "--batches", paramLabel = "N",
            description = "batches per arch (default: the most any chosen proxy needs, at least 1)")
    Integer batches;

    @Option(names = "--seed", defaultValue = "0", description = "weights as torch.manual_seed(S), and the data"
            + " sampling seed; default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--init", defaultValue = "torch", description = "weight init: torch (PyTorch-identical)")
    String init;

    @Option(names = "--backend", defaultValue = "auto", description = "auto | cpu | cpu-reference | opencl | cuda")
    String backend;

    @Option(names = "--threads", paramLabel = "T", description = "CPU worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "1", description = "score each arch R times;"
            + " seconds = each proxy's median, seconds_all = all R times (scores are the first run's); default ${DEFAULT-VALUE}")
    int repeat;

    @Option(names = "--share-passes", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "proxies of one arch share their loss-gradient passes (grad_norm, snip, plain, zico,"
                    + " grasp; same scores); --no-share-passes times every proxy standalone, as for benchmarks")
    boolean sharePasses;

    @Option(names = "--out", defaultValue = "scores.jsonl", paramLabel = "FILE|-",
            description = "results, one JSON line per arch; - for stdout; default ${DEFAULT-VALUE}")
    String out;

    @Option(names = "--resume", description = "continue the sweep in --out, skipping archs already there")
    boolean resume;

    @Option(names = "--shard", paramLabel = "K/N", description = "score only shard K of N of the selection")
    String shard;

    @Option(names = "--truth", paramLabel = "CSV", description = "ground-truth table for correlations (default: shared/data/nb201/nb201_ground_truth.csv beside the repository when present; none: no correlations)")
    Path truth;

    @Option(names = "--quiet", description = "no progress, summary or table")
    boolean quiet;

    @Option(names = "--channels", hidden = true, defaultValue = "16", description = "expert: C (NB-201: 16)")
    int channels;

    @Option(names = "--cells", hidden = true, defaultValue = "5", description = "expert: cells per stage N (NB-201: 5)")
    int cells;
}
