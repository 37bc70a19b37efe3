package dev.zerocost.nasbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerocost.nasbench.scoring.ResultsFile;
import dev.zerocost.nasbench.scoring.SweepOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zerocost merge}: joins the outputs of {@code score --shard K/N} runs into one results
 * file with one header. The headers' configs must agree (the shard is not part of the config);
 * an arch present twice is kept once, and is an error if its scores differ. Records are taken
 * round-robin from the inputs in shard order, which restores the order of the unsharded run.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge shard outputs of `zerocost score` into one results file.")
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE|-", description = "merged results; - for stdout")
    String out;

    @Parameters(arity = "1..*", paramLabel = "SHARD.jsonl", description = "results files to merge")
    List<Path> inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Input(Path file, ResultsFile.Contents contents, int shard) {
    }

    @Override
    public Integer call() throws Exception {
        List<Input> files = new ArrayList<>();
        for (Path p : inputs) {
            ResultsFile.Contents c = ResultsFile.read(p);
            if (c.header() == null) {
                throw new IllegalArgumentException(p + ": empty, no header; is it a `zerocost score` output?");
            }
            if (c.partialTail()) {
                throw new IllegalArgumentException(p + " ends with a cut-off line (a killed run); finish it with"
                        + " `zerocost score --resume` and the same options first");
            }
            String shard = c.header().path("run").path("shard").asText("");
            int k = shard.matches("\\d+/\\d+") ? Integer.parseInt(shard.split("/")[0]) : Integer.MAX_VALUE;
            files.add(new Input(p, c, k));
        }
        ObjectNode config = (ObjectNode) files.get(0).contents().header().get("config");
        for (Input f : files.subList(1, files.size())) {
            String diff = ResultsFile.firstDifference(config, f.contents().header().get("config"));
            if (diff != null) {
                throw new IllegalArgumentException("cannot merge " + f.file() + " with " + files.get(0).file()
                        + ": their configurations differ at " + diff + "; only outputs of the same options merge");
            }
        }
        files.sort((a, b) -> Integer.compare(a.shard(), b.shard()));
        List<ObjectNode> merged = roundRobin(files);
        ObjectNode run = ResultsFile.JSON.createObjectNode();
        run.set("archs", files.get(0).contents().header().path("run").path("archs"));
        run.putNull("shard");
        ArrayNode from = run.putArray("merged_from");
        files.forEach(f -> from.add(f.file().toString()));
        ObjectNode header = ResultsFile.header(config.deepCopy(), run);
        try (SweepOutput output = out.equals("-") ? SweepOutput.toStream(spec.commandLine().getOut(), header)
                : SweepOutput.toFile(Path.of(out), header, false)) {
            merged.forEach(output::writeLine);
        }
        spec.commandLine().getErr().println("zerocost: merged " + merged.size() + " archs from " + files.size()
                + " files into " + (out.equals("-") ? "stdout" : out));
        return ZerocostCommand.OK;
    }

    private static List<ObjectNode> roundRobin(List<Input> files) {
        Map<String, ObjectNode> seen = new HashMap<>();
        Map<String, Path> where = new HashMap<>();
        List<ObjectNode> merged = new ArrayList<>();
        int longest = files.stream().mapToInt(f -> f.contents().records().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (Input f : files) {
                List<ObjectNode> recs = f.contents().records();
                if (i >= recs.size()) {
                    continue;
                }
                ObjectNode r = recs.get(i);
                String arch = r.get("arch").asText();
                ObjectNode before = seen.putIfAbsent(arch, r);
                if (before == null) {
                    where.put(arch, f.file());
                    merged.add(r);
                } else if (!before.path("scores").equals(r.path("scores"))) {
                    throw new IllegalArgumentException("arch " + arch + " has different scores in " + where.get(arch)
                            + " (" + before.path("scores") + ") and " + f.file() + " (" + r.path("scores")
                            + "); the runs are not reproducible or not of the same options, so they cannot merge");
                }
            }
        }
        return merged;
    }
}
