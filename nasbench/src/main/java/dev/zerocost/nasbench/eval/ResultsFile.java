package dev.zerocost.nasbench.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerocost.nasbench.space.Arch;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code zerocost score} JSONL output: a header line, then one record per arch with
 * {@code arch} and {@code scores} (proxy to number; null or a failed proxy is NaN). Lines without
 * an {@code arch} field (headers, summaries) are skipped. A last line cut short by a killed run is
 * skipped with a note; a broken line elsewhere is an error naming the file and line.
 */
public final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsFile() {
    }

    /** Reads and merges the files in order; a later file's score for the same arch and proxy wins. */
    public static ScoreTable read(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no results file given; pass --results FILE.jsonl (from zerocost score)");
        }
        ScoreTable table = new ScoreTable();
        int duplicates = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("results file " + file + " does not exist; pass the JSONL written by zerocost score --out");
            }
            List<String> lines = readLines(file);
            int records = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    if (i == lines.size() - 1) {
                        table.note(file + ": last line " + (i + 1) + " is incomplete (interrupted run?); skipped");
                        continue;
                    }
                    throw new IllegalArgumentException(file + " line " + (i + 1) + " is not JSON (" + e.getOriginalMessage()
                            + "); expected zerocost score JSONL, one record per line", e);
                }
                if (!node.isObject() || !node.hasNonNull("arch")) {
                    continue;
                }
                String arch = canonical(node.get("arch").asText(), file, i + 1);
                if (table.addArch(arch)) {
                    duplicates++;
                }
                records++;
                JsonNode scores = node.path("scores");
                for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    table.put(arch, e.getKey(), number(e.getValue()));
                }
                if (node.hasNonNull("dataset")) {
                    table.dataset(node.get("dataset").asText());
                }
            }
            if (records == 0) {
                throw new IllegalArgumentException("results file " + file + " holds no records (lines with an \"arch\" field); "
                        + "is it the output of zerocost score?");
            }
        }
        if (duplicates > 0) {
            table.note(duplicates + " arch records appear more than once; the last score of each proxy is used");
        }
        return table;
    }

    private static List<String> readLines(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reader.lines().toList();
        }
    }

    private static String canonical(String arch, Path file, int line) {
        try {
            return Arch.parse(arch).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
        }
    }

    /** A JSON score: a number, null (NaN), or the strings "NaN"/"Infinity"/"-Infinity". */
    static double number(JsonNode value) {
        if (value == null || value.isNull()) {
            return Double.NaN;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            try {
                return Double.parseDouble(value.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
