package dev.zerocost.nasbench.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSONL output of {@code zerocost score}: a header line
 * {@code {"zerocost":"score","version":1,"config":{...},"run":{...}}} followed by one line per
 * arch. Records are the lines that have an {@code "arch"} field. {@code config} holds everything
 * that affects scores; {@code run} holds what does not (selection, shard). Lines are written
 * whole and flushed one at a time, so a killed run leaves at most one partial last line, which
 * {@link #read} reports and readers ignore.
 */
public final class ResultsFile {
    /** Value of the header's "zerocost" field. */
    public static final String KIND = "score";
    /** Value of the header's "version" field. */
    public static final int VERSION = 1;
    /** The one JSON mapper of the results format. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A parsed results file.
     *
     * @param header       the header line, or null for an empty file
     * @param records      the complete record lines, in file order
     * @param completeBytes length of the file up to and including its last newline
     * @param partialTail  whether bytes after the last newline were ignored (a killed run)
     */
    public record Contents(ObjectNode header, List<ObjectNode> records, long completeBytes, boolean partialTail) {
    }

    private ResultsFile() {
    }

    /** A header line for this configuration and run description. */
    public static ObjectNode header(ObjectNode config, ObjectNode run) {
        ObjectNode h = JSON.createObjectNode();
        h.put("zerocost", KIND);
        h.put("version", VERSION);
        h.set("config", config);
        h.set("run", run);
        return h;
    }

    /**
     * Reads a results file, ignoring a partial last line.
     *
     * @throws IllegalArgumentException naming the file and line when a complete line is not JSON
     *     or the first line is not a version-1 score header
     */
    public static Contents read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        ObjectNode header = null;
        List<ObjectNode> records = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": not a JSON line (" + e.getOriginalMessage()
                        + "); only the last line of a results file may be cut off. Repair or delete the file");
            }
            if (!(node instanceof ObjectNode obj)) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected a JSON object per line");
            }
            if (header == null) {
                checkHeader(file, obj);
                header = obj;
            } else if (obj.has("arch")) {
                records.add(obj);
            }
        }
        return new Contents(header, records, end, end < bytes.length);
    }

    private static void checkHeader(Path file, ObjectNode obj) {
        if (!KIND.equals(obj.path("zerocost").asText()) || obj.path("version").asInt() != VERSION
                || !obj.path("config").isObject()) {
            throw new IllegalArgumentException(file + ": the first line is not a zerocost score header"
                    + " ({\"zerocost\":\"score\",\"version\":1,\"config\":{...}}); is this a `zerocost score` output?");
        }
    }

    /**
     * The first key (dotted path for nested objects) whose value differs between two configs, with
     * both values, or null when they are equal.
     */
    public static String firstDifference(JsonNode was, JsonNode now) {
        return difference("", was, now);
    }

    private static String difference(String prefix, JsonNode was, JsonNode now) {
        if (was.isObject() && now.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = was.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String d = difference(prefix + e.getKey() + ".", e.getValue(), now.path(e.getKey()));
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!was.has(k)) {
                    return prefix + k + " (absent there, " + now.get(k) + " now)";
                }
            }
            return null;
        }
        if (was.equals(now) || (was.isValueNode() && now.isValueNode() && was.toString().equals(now.toString()))) {
            return null;  // the text comparison makes 3 (int) equal to 3 (long), as they are in the file
        }
        String key = prefix.isEmpty() ? "config" : prefix.substring(0, prefix.length() - 1);
        return key + " (" + (was.isMissingNode() ? "absent" : was.toString()) + " there, "
                + (now.isMissingNode() ? "absent" : now.toString()) + " now)";
    }

    /** One record or header as a line, without the newline. */
    public static String line(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a results line: " + e.getMessage(), e);
        }
    }
}
