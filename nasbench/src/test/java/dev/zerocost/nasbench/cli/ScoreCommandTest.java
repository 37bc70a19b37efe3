package dev.zerocost.nasbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocost.nasbench.space.Nb201Index;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zerocost score} run in-process on tiny networks and synthetic data. */
class ScoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAHeaderThenOneFlushedLinePerArch() throws Exception {
        Path out = dir.resolve("s.jsonl");
        Cli.Run r = Cli.tinyScore("--archs", "6111,0,15624", "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        JsonNode config = Cli.header(out).get("config");
        assertEquals("score", Cli.header(out).get("zerocost").asText());
        assertEquals(1, Cli.header(out).get("version").asInt());
        assertEquals("[\"params\",\"synflow\",\"grad_norm\"]", config.get("proxies").toString());
        assertEquals("nb201", config.get("network").asText());
        assertEquals(4, config.get("channels").asInt());
        assertEquals(8, config.get("batch_size").asInt());
        assertEquals(1, config.get("batches").asInt(), "default: the most any proxy needs, at least 1");
        assertEquals("synthetic", config.get("dataset").asText());
        assertEquals("cpu", config.get("backend").asText());

        List<JsonNode> recs = Cli.records(out);
        assertEquals(List.of(6111, 0, 15624), recs.stream().map(n -> n.get("index").asInt()).toList());
        for (JsonNode rec : recs) {
            assertEquals(Nb201Index.arch(rec.get("index").asInt()).toString(), rec.get("arch").asText());
            for (String p : List.of("params", "synflow", "grad_norm")) {
                assertTrue(rec.get("scores").get(p).isNumber(), p + " in " + rec);
                assertTrue(rec.get("seconds").get(p).asDouble() >= 0);
            }
            assertEquals(0, rec.get("errors").size());
            assertEquals("cpu", rec.get("backend").asText());
            assertEquals("synthetic", rec.get("dataset").asText());
        }
        assertTrue(recs.get(0).get("scores").get("params").asDouble() > recs.get(1).get("scores").get("params").asDouble(),
                "the all-conv arch 6111 has more parameters than arch 0");
        assertTrue(r.err().contains("scored 3 archs"), r.err());
        assertTrue(r.out().contains("6111"), "the score table goes to stdout: " + r.out());
    }

    @Test
    void outDashWritesTheLinesToStdout() throws Exception {
        Cli.Run r = Cli.tinyScore("--archs", "5", "--out", "-", "--quiet");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith("{\"zerocost\":\"score\""));
        assertTrue(lines[1].contains("\"index\":5"));
    }

    @Test
    void resumeAfterACutOffLastLineGivesTheUninterruptedResult() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "10-13", "--out", whole.toString()).code());

        String text = Files.readString(whole);
        int second = text.indexOf('\n', text.indexOf('\n') + 1);  // end of the first record
        Path killed = dir.resolve("killed.jsonl");
        Files.writeString(killed, text.substring(0, second + 1 + 40), StandardCharsets.UTF_8);  // half a line

        Cli.Run r = Cli.tinyScore("--archs", "10-13", "--out", killed.toString(), "--resume");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("1 already done"), r.err());
        assertEquals(Cli.scores(whole), Cli.scores(killed));
        assertEquals(5, Files.readAllLines(killed).size(), "header + 4 records, the partial line gone");
        assertTrue(Files.readString(killed).endsWith("\n"));

        Cli.Run again = Cli.tinyScore("--archs", "10-13", "--out", killed.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertEquals(5, Files.readAllLines(killed).size(), "nothing left to score");
    }

    @Test
    void anExistingOutputWithoutResumeIsRefused() throws Exception {
        Path out = dir.resolve("s.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "1", "--out", out.toString()).code());
        Cli.Run r = Cli.tinyScore("--archs", "2", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
        assertEquals(1, Cli.records(out).size(), "the file is untouched");
    }

    @Test
    void resumeWithAnotherConfigurationIsRefusedNamingTheKey() throws Exception {
        Path out = dir.resolve("s.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "1", "--out", out.toString()).code());
        Cli.Run r = Cli.tinyScore("--archs", "1,2", "--out", out.toString(), "--resume", "--batch-size", "4");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("batch_size") && r.err().contains("8 there") && r.err().contains("4 now"), r.err());
        assertEquals(1, Cli.records(out).size());
    }

    @Test
    void shardsSplitTheSelectionWithoutOverlap() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "20-24", "--shard", "1/2", "--out", a.toString()).code());
        assertEquals(0, Cli.tinyScore("--archs", "20-24", "--shard", "2/2", "--out", b.toString()).code());
        assertEquals(List.of(20, 22, 24), Cli.records(a).stream().map(n -> n.get("index").asInt()).toList());
        assertEquals(List.of(21, 23), Cli.records(b).stream().map(n -> n.get("index").asInt()).toList());
        assertEquals("1/2", Cli.header(a).get("run").get("shard").asText());
    }

    @Test
    void badArchStringsProxyNamesAndSelectionsExitWithTwoNamingThem() {
        Cli.Run arch = Cli.run("score", "--arch", "|conv~0|", "--out", "-");
        assertEquals(2, arch.code());
        assertTrue(arch.err().contains("|conv~0|"), arch.err());

        Cli.Run proxy = Cli.run("score", "--archs", "1", "--proxies", "params,bogus", "--out", "-");
        assertEquals(2, proxy.code());
        assertTrue(proxy.err().contains("bogus"), proxy.err());

        Cli.Run selection = Cli.run("score", "--archs", "sample:x", "--out", "-");
        assertEquals(2, selection.code());
        assertTrue(selection.err().contains("sample:x"), selection.err());

        Cli.Run shard = Cli.tinyScore("--archs", "1", "--shard", "3/2", "--out", "-");
        assertEquals(2, shard.code());
        assertTrue(shard.err().contains("3/2"), shard.err());
    }

    @Test
    void archOptionsAddToTheSelectionWithoutRepeats() throws Exception {
        Path out = dir.resolve("s.jsonl");
        String arch7 = Nb201Index.arch(7).toString();
        Cli.Run r = Cli.tinyScore("--archs", "7,8", "--arch", arch7, "--arch", "9", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Arrays.asList(7, 8, 9), Cli.records(out).stream().map(n -> n.get("index").asInt()).toList());
        assertFalse(Cli.header(out).get("run").get("arch").isEmpty());
    }

    @Test
    void archsFromAFileAreReadByTheSelectionNotExpandedAsArguments() throws Exception {
        Path list = dir.resolve("archs.txt");
        java.nio.file.Files.writeString(list, "81\n1145\n");
        Path out = dir.resolve("f.jsonl");
        Cli.Run r = Cli.tinyScore("--archs", "@" + list, "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(81, 1145), Cli.records(out).stream().map(n -> n.get("index").asInt()).toList());
    }

    @Test
    void repeatRecordsEveryRunsSecondsAndTheirMedianWithTheScoresOfOneRun() throws Exception {
        Path once = dir.resolve("once.jsonl");
        Path twice = dir.resolve("twice.jsonl");
        assertEquals(0, Cli.tinyScore("--archs", "6111", "--out", once.toString()).code());
        Cli.Run r = Cli.tinyScore("--archs", "6111", "--repeat", "2", "--out", twice.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("WARNING"), "deterministic scores agree between runs: " + r.err());
        assertTrue(r.err().contains("single runs min"), r.err());

        JsonNode rec = Cli.records(twice).get(0);
        for (String p : List.of("params", "synflow", "grad_norm")) {
            JsonNode all = rec.get("seconds_all").get(p);
            assertEquals(2, all.size(), p + " in " + rec);
            assertEquals((all.get(0).asDouble() + all.get(1).asDouble()) / 2, rec.get("seconds").get(p).asDouble(),
                    1e-12, "seconds is the median of the runs: " + rec);
        }
        assertEquals(Cli.scores(once), Cli.scores(twice));
        assertFalse(Cli.records(once).get(0).has("seconds_all"), "one run: the line is as before");
        assertFalse(Cli.header(once).get("run").has("repeat"));
        assertEquals(2, Cli.header(twice).get("run").get("repeat").asInt());
        assertEquals(Cli.header(once).get("config"), Cli.header(twice).get("config"), "repeat is not configuration");
    }

    @Test
    void repeatBelowOneExitsWithTwoNamingTheOption() {
        Cli.Run r = Cli.tinyScore("--archs", "1", "--repeat", "0", "--out", "-");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--repeat 0") && r.err().contains("at least 1"), r.err());
    }
}
