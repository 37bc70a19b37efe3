package dev.zerocost.nasbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocost.engine.Backends;
import dev.zerocost.engine.backend.Backend;
import dev.zerocost.nasbench.data.Datasets;
import dev.zerocost.nasbench.data.Normalization;
import dev.zerocost.nasbench.network.Networks;
import dev.zerocost.nasbench.scoring.ArchScorer.NetworkSpec;
import dev.zerocost.nasbench.scoring.ResultsFile;
import dev.zerocost.nasbench.scoring.SweepData;
import dev.zerocost.nasbench.space.ArchSelection;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Proxy;
import dev.zerocost.proxies.ProxyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checked and resolved settings of one {@code zerocost score} run: archs, proxies, network,
 * backend and data, plus the header's {@code config} (everything that affects scores) and
 * {@code run} (selection and shard). Bad options raise {@link IllegalArgumentException} naming
 * the option and the fix (exit 2).
 */
record ScoreSetup(List<Integer> indices, List<Proxy> proxies, NetworkSpec network, Backend backend, SweepData data,
                  ObjectNode config, ObjectNode run) {

    List<String> proxyNames() {
        return proxies.stream().map(Proxy::name).toList();
    }

    static ScoreSetup resolve(ScoreOptions o, PrintWriter err) throws IOException {
        if (!o.init.equals("torch")) {
            throw new IllegalArgumentException("--init " + o.init + ": only 'torch' (PyTorch-identical default init"
                    + " of torch.manual_seed(--seed)) is supported");
        }
        if (o.resume && o.out.equals("-")) {
            throw new IllegalArgumentException("--resume needs an output file; give --out FILE.jsonl instead of -");
        }
        if (o.data != null && o.inputNpz != null) {
            throw new IllegalArgumentException("give either --data or --input-npz, not both");
        }
        if (o.truth != null && !o.truth.toString().equals("none") && !Files.isRegularFile(o.truth)) {
            throw new IllegalArgumentException("--truth " + o.truth + ": no such file; expected a CSV such as"
                    + " ../shared/data/nb201/nb201_ground_truth.csv");
        }
        positive("--threads", o.threads);
        positive("--repeat", o.repeat);
        positive("--batch-size", o.batchSize);
        positive("--batches", o.batches);
        positive("--channels", o.channels);
        positive("--cells", o.cells);
        String kind = o.network.trim().toLowerCase(Locale.ROOT);
        if (!Networks.KINDS.contains(kind)) {
            throw new IllegalArgumentException("--network " + o.network + ": expected one of " + Networks.KINDS);
        }
        List<Proxy> proxies = proxies(o, err);
        List<Integer> indices = indices(o);
        boolean synthetic = o.dataset.trim().equalsIgnoreCase("synthetic");
        String dataset = synthetic ? "cifar10" : Datasets.canonicalName(o.dataset);
        int classes = Datasets.numClasses(dataset);
        int batches = o.batches != null ? o.batches
                : Math.max(1, proxies.stream().mapToInt(Proxy::batchesNeeded).max().orElse(1));
        Backend backend = Backends.select(o.backend.trim());
        Backend before = Backends.use(backend);
        SweepData data;
        try {
            data = data(o, synthetic, dataset, classes, kind, batches, err);
        } finally {
            Backends.use(before);
        }
        NetworkSpec net = new NetworkSpec(kind, o.channels, o.cells, classes, o.seed);

        ObjectNode config = ResultsFile.JSON.createObjectNode();
        ArrayNode names = config.putArray("proxies");
        proxies.forEach(p -> names.add(p.name()));
        config.put("network", kind);
        config.put("channels", o.channels);
        config.put("cells", o.cells);
        config.put("classes", classes);
        config.put("dataset", data.dataset());
        config.set("data", ResultsFile.JSON.valueToTree(data.identity()));
        config.put("image_size", data.imageSize());
        config.put("batch_size", data.batchSize());
        config.put("batches", data.batches().size());
        config.put("seed", o.seed);
        config.put("init", o.init);
        config.put("backend", backend.name());
        ObjectNode run = ResultsFile.JSON.createObjectNode();
        run.put("archs", o.archs != null || o.arch.isEmpty() ? selectionSpec(o) : null);
        if (!o.arch.isEmpty()) {
            ArrayNode extra = run.putArray("arch");
            o.arch.forEach(extra::add);
        }
        run.put("shard", o.shard);
        if (!o.sharePasses) {
            run.put("share_passes", false);  // changes times only
        }
        if (o.repeat > 1) {
            run.put("repeat", o.repeat);  // in run, not config: it changes times, not scores, so --resume may differ
        }
        return new ScoreSetup(indices, proxies, net, backend, data, config, run);
    }

    private static List<Proxy> proxies(ScoreOptions o, PrintWriter err) {
        if (o.proxies != null) {
            return ProxyRegistry.parse(o.proxies);
        }
        // The default list names proxies that may still be arriving (zico): drop those, loudly.
        List<String> known = ProxyRegistry.all().stream().map(Proxy::name).toList();
        List<String> missing = new ArrayList<>();
        List<Proxy> out = new ArrayList<>();
        for (String name : ScoreOptions.DEFAULT_PROXIES.split(",")) {
            if (known.contains(name)) {
                out.add(ProxyRegistry.get(name));
            } else {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            err.println("zerocost: WARNING: default proxies " + missing + " are not in this build; scoring "
                    + out.stream().map(Proxy::name).toList());
        }
        return out;
    }

    private static String selectionSpec(ScoreOptions o) {
        return o.archs != null ? o.archs : ScoreOptions.DEFAULT_ARCHS;
    }

    private static List<Integer> indices(ScoreOptions o) {
        Set<Integer> chosen = new LinkedHashSet<>();
        if (o.archs != null || o.arch.isEmpty()) {
            chosen.addAll(ArchSelection.parse(selectionSpec(o)));
        }
        for (String a : o.arch) {
            chosen.add(Nb201Index.indexOf(ArchCommand.resolve(a)));
        }
        List<Integer> all = new ArrayList<>(chosen);
        if (o.shard == null) {
            return all;
        }
        String[] kn = o.shard.trim().split("/");
        if (kn.length != 2 || !kn[0].matches("\\d{1,6}") || !kn[1].matches("\\d{1,6}")) {
            throw new IllegalArgumentException("--shard " + o.shard + ": expected K/N with whole numbers, e.g. 1/4");
        }
        return ArchSelection.shard(all, Integer.parseInt(kn[0]), Integer.parseInt(kn[1]));
    }

    private static SweepData data(ScoreOptions o, boolean synthetic, String dataset, int classes, String kind,
                                  int batches, PrintWriter err) throws IOException {
        int batchSize = o.batchSize != null ? o.batchSize : ScoreOptions.DEFAULT_BATCH_SIZE;
        if (o.inputNpz != null) {
            SweepData d = SweepData.npz(o.inputNpz, dataset, classes, batches);
            if (o.batchSize != null && o.batchSize != d.batchSize()) {
                throw new IllegalArgumentException("--input-npz " + o.inputNpz + " splits into " + batches
                        + " batches of " + d.batchSize() + ", not --batch-size " + o.batchSize
                        + "; drop --batch-size or pass a matching --batches");
            }
            return d;
        }
        int size = Datasets.imageSize(dataset);
        if (synthetic) {
            return SweepData.synthetic(classes, size, batches, batchSize, o.seed);
        }
        Normalization norm = Normalization.of(kind.equals(Networks.NB201) ? "zico" : "zero-cost-nas", dataset);
        if (o.data != null) {
            return SweepData.dataset(dataset, o.data, norm, batches, batchSize, o.seed);
        }
        DataLocator locator = new DataLocator();
        Optional<java.nio.file.Path> found = locator.find(dataset, o.download);
        if (found.isPresent()) {
            return SweepData.dataset(dataset, found.get(), norm, batches, batchSize, o.seed);
        }
        String bar = "zerocost: WARNING " + "*".repeat(70);
        err.println(bar);
        err.println("zerocost: WARNING: no " + dataset + " images found; scoring on SYNTHETIC Gaussian noise.");
        err.println("zerocost: WARNING: these scores do not reflect real data. Looked in: " + locator.looked());
        err.println("zerocost: WARNING: pass --data DIR (or a batch file), or --download for CIFAR.");
        err.println(bar);
        err.flush();
        return SweepData.synthetic(classes, size, batches, batchSize, o.seed);
    }

    private static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(option + " " + value + ": must be at least 1");
        }
    }
}
