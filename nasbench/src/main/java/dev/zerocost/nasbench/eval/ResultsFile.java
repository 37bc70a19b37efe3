package dev.zerocost.nasbench.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerocost.nasbench.space.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code zerocost score} JSONL output into a {@link ScoreTable}: the lines are parsed by
 * {@link dev.zerocost.nasbench.scoring.ResultsFile#read} (header checked, a last line cut short by
 * a killed run skipped - noted here - and a broken line elsewhere an error naming file and line);
 * each record's {@code scores} (proxy to number; null or a failed proxy is NaN) join the table.
 */
public final class ResultsFile {
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
            dev.zerocost.nasbench.scoring.ResultsFile.Contents contents = dev.zerocost.nasbench.scoring.ResultsFile.read(file);
            if (contents.partialTail()) {
                table.note(file + ": the last line is incomplete (interrupted run?); skipped");
            }
            int records = 0;
            for (JsonNode node : contents.records()) {
                records++;
                String arch = canonical(node.get("arch").asText(), file, records);
                if (table.addArch(arch)) {
                    duplicates++;
                }
                JsonNode scores = node.path("scores");
                for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    table.put(arch, e.getKey(), legacyInfinity(number(e.getValue()), node.path("errors").path(e.getKey())));
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

    private static String canonical(String arch, Path file, int record) {
        try {
            return Arch.parse(arch).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " record " + record + ": " + e.getMessage(), e);
        }
    }

    /**
     * Files written before infinite scores counted as scores hold null plus the error "score is
     * -Infinity" (or "Infinity"); that error is read back as the value it names.
     */
    static double legacyInfinity(double score, JsonNode error) {
        if (Double.isNaN(score) && error.isTextual()) {
            if (error.asText().equals("score is -Infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            if (error.asText().equals("score is Infinity")) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return score;
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
