package dev.zerocost.nasbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the zerocost CLI in-process with captured stdout and stderr, and reads results files. */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tiny settings that keep a sweep fast: C = 4, one cell per stage, synthetic batches of 8. */
    static final List<String> TINY = List.of("--dataset", "synthetic", "--proxies", "params,synflow,grad_norm",
            "--channels", "4", "--cells", "1", "--batch-size", "8", "--seed", "3");

    record Run(int code, String out, String err) {
    }

    private Cli() {
    }

    static Run run(String... args) {
        CommandLine cli = ZerocostCommand.newCommandLine();
        cli.setOverwrittenOptionsAllowed(true);  // lets a test override one of the TINY settings
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code score} with {@link #TINY} settings followed by {@code extra}. */
    static Run tinyScore(String... extra) {
        List<String> args = new ArrayList<>(List.of("score"));
        args.addAll(TINY);
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** The records (lines with an "arch" field) in file order. */
    static List<JsonNode> records(Path file) throws IOException {
        return lines(file).stream().filter(n -> n.has("arch")).toList();
    }

    /** arch -> scores, in file order: what must agree between runs (seconds never do). */
    static Map<String, JsonNode> scores(Path file) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : records(file)) {
            out.put(r.get("arch").asText(), r.get("scores"));
        }
        return out;
    }

    static ObjectNode header(Path file) throws IOException {
        return (ObjectNode) lines(file).get(0);
    }
}
