package dev.zerocost.nasbench.space;

import dev.zerocost.engine.random.Mt19937;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a command-line selection of NB-201 archs into a list of official indices, and splits a
 * selection into shards for parallel runs. Forms:
 * <ul>
 *   <li>{@code all}: every index, ascending;</li>
 *   <li>{@code sample:N[:SEED]}: N distinct indices drawn with SEED (default 0), ascending;</li>
 *   <li>{@code A-B}: indices A to B inclusive;</li>
 *   <li>{@code I,J,K}: these indices, in this order (a single index also works);</li>
 *   <li>{@code @FILE}: one index or arch string per line, in file order; {@code #} starts a
 *       comment and blank lines are ignored.</li>
 * </ul>
 * A selection never names the same arch twice, so shards of it are disjoint.
 */
public final class ArchSelection {
    /** The accepted forms, quoted in every error message. */
    public static final String FORMS = "all | sample:N[:SEED] | A-B | I,J,K | @FILE";

    private static final Pattern SAMPLE = Pattern.compile("sample:([^:]*)(?::([^:]*))?");
    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*-\\s*(\\d+)");
    private static final Pattern LIST = Pattern.compile("\\d+(\\s*,\\s*\\d+)*");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private ArchSelection() {
    }

    /** Parses {@code spec}; a relative {@code @FILE} is read from the working directory. */
    public static List<Integer> parse(String spec) {
        return parse(spec, Path.of(""));
    }

    /** Parses {@code spec}; a relative {@code @FILE} is resolved against {@code baseDir}. */
    public static List<Integer> parse(String spec, Path baseDir) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty arch selection; expected one of: " + FORMS);
        }
        String s = spec.strip();
        if (s.equals("all")) {
            return range(0, Arch.COUNT - 1);
        }
        Matcher m;
        if ((m = SAMPLE.matcher(s)).matches()) {
            int n = parseInt(spec, m.group(1), "sample size N", 1, Arch.COUNT);
            long seed = m.group(2) == null ? 0 : parseSeed(spec, m.group(2));
            return sample(n, seed);
        }
        if (s.startsWith("@")) {
            return readFile(spec, baseDir.resolve(s.substring(1).strip()));
        }
        if ((m = RANGE.matcher(s)).matches()) {
            int from = parseIndex(spec, m.group(1));
            int to = parseIndex(spec, m.group(2));
            if (from > to) {
                throw bad(spec, "range start " + from + " is after its end " + to + "; write A-B with A <= B");
            }
            return range(from, to);
        }
        if (LIST.matcher(s).matches()) {
            List<Integer> indices = new ArrayList<>();
            Map<Integer, Integer> seen = new HashMap<>();
            for (String part : s.split(",")) {
                int index = parseIndex(spec, part.strip());
                Integer before = seen.putIfAbsent(index, indices.size() + 1);
                if (before != null) {
                    throw bad(spec, "index " + index + " is listed twice (items " + before + " and "
                            + (indices.size() + 1) + ")");
                }
                indices.add(index);
            }
            return List.copyOf(indices);
        }
        throw bad(spec, "not a recognised form");
    }

    /**
     * {@code n} distinct indices drawn with {@code seed}, ascending: a partial Fisher-Yates shuffle of
     * 0..15624 driven by Python's generator, i.e. {@code r = random.Random(seed); pool = list(range(15625));}
     * then for i in 0..n-1 swap {@code pool[i]} with {@code pool[i + r._randbelow(15625 - i)]}; keep
     * {@code sorted(pool[:n])}. Reproducible on any JVM.
     */
    public static List<Integer> sample(int n, long seed) {
        if (n < 1 || n > Arch.COUNT) {
            throw new IllegalArgumentException("sample size " + n + " is out of range 1.." + Arch.COUNT);
        }
        if (seed < 0) {
            throw new IllegalArgumentException("sample seed " + seed + " is negative; use a seed >= 0");
        }
        int[] pool = new int[Arch.COUNT];
        Arrays.setAll(pool, i -> i);
        Mt19937 random = Mt19937.pythonSeed(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.randBelow(Arch.COUNT - i);
            int tmp = pool[i];
            pool[i] = pool[j];
            pool[j] = tmp;
        }
        int[] chosen = Arrays.copyOf(pool, n);
        Arrays.sort(chosen);
        return Arrays.stream(chosen).boxed().toList();
    }

    /**
     * Shard {@code k} of {@code n} (k in 1..n): the elements at positions i with {@code i mod n == k - 1}.
     * The n shards are disjoint, cover the selection and keep its order.
     */
    public static List<Integer> shard(List<Integer> selection, int k, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("shard " + k + "/" + n + ": the shard count n must be at least 1");
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("shard " + k + "/" + n + ": the shard number k must be in 1.." + n);
        }
        List<Integer> shard = new ArrayList<>(selection.size() / n + 1);
        for (int i = k - 1; i < selection.size(); i += n) {
            shard.add(selection.get(i));
        }
        return List.copyOf(shard);
    }

    private static List<Integer> readFile(String spec, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("arch selection '" + spec + "': cannot read file " + file.toAbsolutePath()
                    + " (" + e + "); expected a readable file with one index or arch string per line", e);
        }
        List<Integer> indices = new ArrayList<>();
        Map<Integer, Integer> lineOf = new HashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            int hash = line.indexOf('#');
            String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (entry.isEmpty()) {
                continue;
            }
            String where = file + ":" + n;
            int index = parseEntry(spec, where, entry);
            Integer before = lineOf.putIfAbsent(index, n);
            if (before != null) {
                throw new IllegalArgumentException(where + ": arch " + index + " is already selected on line " + before
                        + " (selection '" + spec + "'); each arch may appear once");
            }
            indices.add(index);
        }
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("arch selection '" + spec + "': file " + file
                    + " selects nothing; expected one index or arch string per line");
        }
        return List.copyOf(indices);
    }

    private static int parseEntry(String spec, String where, String entry) {
        if (NUMBER.matcher(entry).matches()) {
            try {
                return parseIndex(spec, entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        try {
            return Nb201Index.indexOf(Arch.parse(entry));
        } catch (ArchFormatException e) {
            throw new IllegalArgumentException(where + ": '" + entry + "' is neither an index 0.." + (Arch.COUNT - 1)
                    + " nor a valid arch string (selection '" + spec + "'):\n" + e.getMessage(), e);
        }
    }

    private static int parseIndex(String spec, String text) {
        return parseInt(spec, text, "index", 0, Arch.COUNT - 1);
    }

    private static int parseInt(String spec, String text, String what, int min, int max) {
        if (!NUMBER.matcher(text).matches()) {
            throw bad(spec, what + " '" + text + "' is not a whole number in " + min + ".." + max);
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            value = Integer.MAX_VALUE;
        }
        if (value < min || value > max) {
            throw bad(spec, what + " " + text + " is out of range " + min + ".." + max);
        }
        return value;
    }

    private static long parseSeed(String spec, String text) {
        if (!NUMBER.matcher(text).matches() || text.length() > 18) {
            throw bad(spec, "seed '" + text + "' is not a whole number in 0..999999999999999999");
        }
        return Long.parseLong(text);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> indices = new ArrayList<>(to - from + 1);
        for (int i = from; i <= to; i++) {
            indices.add(i);
        }
        return List.copyOf(indices);
    }

    private static IllegalArgumentException bad(String spec, String problem) {
        return new IllegalArgumentException("bad arch selection '" + spec + "': " + problem
                + "; expected one of: " + FORMS);
    }
}
