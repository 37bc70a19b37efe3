package dev.zerocost.nasbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zerocost merge} of shard outputs. */
class MergeCommandTest {
    @TempDir
    Path dir;

    @Test
    void mergedShardsEqualTheUnshardedRun() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        Path s1 = dir.resolve("s1.jsonl");
        Path s2 = dir.resolve("s2.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "30-34", "--out", whole.toString(), "--quiet").code());
        assertEquals(0, Cli.tinyScore("--archs", "30-34", "--shard", "2/2", "--out", s2.toString(), "--quiet").code());
        assertEquals(0, Cli.tinyScore("--archs", "30-34", "--shard", "1/2", "--out", s1.toString(), "--quiet").code());

        Path merged = dir.resolve("all.jsonl");
        Cli.Run r = Cli.run("merge", "--out", merged.toString(), s2.toString(), s1.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(new ArrayList<>(Cli.scores(whole).entrySet()), new ArrayList<>(Cli.scores(merged).entrySet()),
                "same archs, same scores, same order");
        assertEquals(Cli.header(whole).get("config"), Cli.header(merged).get("config"));
        assertEquals(1, Cli.lines(merged).stream().filter(n -> n.has("zerocost")).count(), "one header");
    }

    @Test
    void duplicateArchsAreKeptOnceUnlessTheirScoresDiffer() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "40,41", "--out", a.toString(), "--quiet").code());
        assertEquals(0, Cli.tinyScore("--archs", "41,42", "--out", b.toString(), "--quiet").code());
        Path merged = dir.resolve("m.jsonl");
        assertEquals(0, Cli.run("merge", "--out", merged.toString(), a.toString(), b.toString()).code());
        assertEquals(List.of(40, 41, 42), Cli.records(merged).stream().map(n -> n.get("index").asInt()).sorted().toList());

        String tampered = Files.readString(b).replaceFirst("\"params\":[0-9.eE-]+", "\"params\":1.5");
        Files.writeString(b, tampered);
        Cli.Run r = Cli.run("merge", "--out", dir.resolve("m2.jsonl").toString(), a.toString(), b.toString());
        assertEquals(2, r.code());
        JsonNode arch41 = Cli.records(a).get(1).get("arch");
        assertTrue(r.err().contains(arch41.asText()) && r.err().contains("different scores"), r.err());
    }

    @Test
    void outputsOfDifferentConfigurationsAreNotMerged() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "50", "--out", a.toString(), "--quiet").code());
        assertEquals(0, Cli.tinyScore("--archs", "51", "--seed", "4", "--out", b.toString(), "--quiet").code());
        Cli.Run r = Cli.run("merge", "--out", dir.resolve("m.jsonl").toString(), a.toString(), b.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("seed"), r.err());
    }
}
