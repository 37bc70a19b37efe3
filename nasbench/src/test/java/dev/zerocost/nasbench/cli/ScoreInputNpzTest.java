package dev.zerocost.nasbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocost.engine.DType;
import dev.zerocost.engine.Tensor;
import dev.zerocost.engine.io.NdArray;
import dev.zerocost.engine.io.Npz;
import dev.zerocost.engine.random.TorchGenerator;
import dev.zerocost.nasbench.scoring.ScoredCellNetwork;
import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Batch;
import dev.zerocost.proxies.ProxyRegistry;
import dev.zerocost.proxies.ProxyRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score --input-npz}: the exact batches of a PyTorch user, and failures recorded per arch. */
class ScoreInputNpzTest {
    @TempDir
    Path dir;

    private static final int N = 6;

    private Path npz(float[] x, long[] y) throws Exception {
        Path file = dir.resolve("input.npz");
        Npz.write(file, Map.of("input", new NdArray(DType.FLOAT32, new int[] {N, 3, 32, 32}, x),
                "labels", new NdArray(DType.INT64, new int[] {N}, y)));
        return file;
    }

    @Test
    void theArraysAreSplitInOrderIntoBatchesAndScoredAsGiven() throws Exception {
        TorchGenerator g = TorchGenerator.manualSeed(11);
        float[] x = new float[N * 3 * 32 * 32];
        g.randInRange(x, -1f, 1f);
        long[] y = {0, 1, 2, 3, 4, 5};
        Path file = npz(x, y);
        Path out = dir.resolve("s.jsonl");
        Cli.Run r = Cli.run("score", "--archs", "77", "--proxies", "grad_norm", "--input-npz", file.toString(),
                "--batches", "2", "--channels", "4", "--cells", "1", "--seed", "5", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode config = Cli.header(out).get("config");
        assertEquals(3, config.get("batch_size").asInt());
        assertEquals(2, config.get("batches").asInt());
        assertEquals("npz", config.get("data").get("kind").asText());

        int per = 3 * 3 * 32 * 32;
        List<Batch> batches = List.of(
                new Batch(Tensor.of(Arrays.copyOfRange(x, 0, per), 3, 3, 32, 32), Tensor.ofLongs(new long[] {0, 1, 2}, 3)),
                new Batch(Tensor.of(Arrays.copyOfRange(x, per, 2 * per), 3, 3, 32, 32), Tensor.ofLongs(new long[] {3, 4, 5}, 3)));
        ScoredCellNetwork net = ScoredCellNetwork.build("nb201", Nb201Index.arch(77), 4, 1, 10, 5, 32);
        double expected = ProxyRunner.runOne(net, batches, ProxyRegistry.get("grad_norm")).result().score();
        assertEquals(expected, Cli.records(out).get(0).get("scores").get("grad_norm").asDouble(), 0.0);
    }

    @Test
    void aBatchSizeThatDisagreesWithTheArraysIsRefused() throws Exception {
        Path file = npz(new float[N * 3 * 32 * 32], new long[N]);
        Cli.Run r = Cli.run("score", "--archs", "1", "--proxies", "params", "--input-npz", file.toString(),
                "--batches", "4", "--out", "-");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--batches 4"), r.err());
        Cli.Run bs = Cli.run("score", "--archs", "1", "--proxies", "params", "--input-npz", file.toString(),
                "--batch-size", "4", "--out", "-");
        assertEquals(2, bs.code());
        assertTrue(bs.err().contains("--batch-size 4"), bs.err());
    }

    @Test
    void archsWhoseScoresFailAreRecordedAndTheSweepGoesOnWithExitOne() throws Exception {
        float[] x = new float[N * 3 * 32 * 32];
        Arrays.fill(x, Float.NaN);
        Path file = npz(x, new long[N]);
        Path out = dir.resolve("s.jsonl");
        Cli.Run r = Cli.run("score", "--archs", "3,4", "--proxies", "params,grad_norm", "--input-npz", file.toString(),
                "--channels", "4", "--cells", "1", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        List<JsonNode> recs = Cli.records(out);
        assertEquals(2, recs.size(), "both archs recorded");
        for (JsonNode rec : recs) {
            assertTrue(rec.get("scores").get("params").isNumber(), "data-free params still scores");
            assertTrue(rec.get("scores").get("grad_norm").isNull());
            assertTrue(rec.get("errors").get("grad_norm").asText().contains("NaN"), rec.toString());
        }
        assertTrue(r.err().contains("2 with errors"), r.err());
    }
}
