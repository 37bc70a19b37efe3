package dev.zerocost.nasbench.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Where a sweep writes its lines: a results file (new, or resumed) or a stream. Each line is
 * one write of its bytes followed by a flush, so a kill leaves at most one partial last line.
 */
public final class SweepOutput implements AutoCloseable {
    private final OutputStream file;
    private final PrintWriter stream;
    private final Set<String> done;

    private SweepOutput(OutputStream file, PrintWriter stream, Set<String> done) {
        this.file = file;
        this.stream = stream;
        this.done = done;
    }

    /** Writes the header to a stream (stdout with {@code --out -}); nothing is resumed. */
    public static SweepOutput toStream(PrintWriter out, ObjectNode header) {
        SweepOutput o = new SweepOutput(null, out, new HashSet<>());
        o.writeLine(header);
        return o;
    }

    /**
     * Opens a results file. Without {@code resume} the file must be absent or empty. With it, a
     * partial last line is cut away, the header's config must equal {@code header}'s (else an
     * {@link IllegalStateException} naming the first differing key) and the archs already there
     * are reported by {@link #done}.
     */
    public static SweepOutput toFile(Path file, ObjectNode header, boolean resume) throws IOException {
        boolean hasContent = Files.isRegularFile(file) && Files.size(file) > 0;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--out " + file + " is a directory; give a file name like results.jsonl");
        }
        Set<String> done = new HashSet<>();
        if (hasContent && !resume) {
            throw new IllegalStateException("--out " + file + " already holds results; pass --resume to continue that"
                    + " sweep, or delete the file (or choose another --out) to start afresh");
        }
        boolean writeHeader = true;
        if (hasContent) {
            ResultsFile.Contents c = ResultsFile.read(file);
            if (c.header() != null) {
                String diff = ResultsFile.firstDifference(c.header().get("config"), header.get("config"));
                if (diff != null) {
                    throw new IllegalStateException("cannot --resume " + file + ": it was written with a different"
                            + " configuration: " + diff + ". Use the options it was written with, or another --out");
                }
                writeHeader = false;
                for (ObjectNode r : c.records()) {
                    done.add(r.get("arch").asText());
                }
            }
            if (c.partialTail()) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(c.completeBytes());
                }
            }
        } else if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        SweepOutput o = new SweepOutput(stream, null, done);
        if (writeHeader) {
            o.writeLine(header);
        }
        return o;
    }

    /** Arch strings already in a resumed file. */
    public Set<String> done() {
        return done;
    }

    /** Appends one line and flushes it. */
    public void writeLine(JsonNode node) {
        String line = ResultsFile.line(node) + "\n";
        if (stream != null) {
            stream.print(line);
            stream.flush();
            return;
        }
        try {
            file.write(line.getBytes(StandardCharsets.UTF_8));
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results line: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        } else {
            stream.flush();
        }
    }
}
