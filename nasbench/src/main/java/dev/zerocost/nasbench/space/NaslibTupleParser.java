package dev.zerocost.nasbench.space;

import java.util.Objects;

/** Reads the six op ids of a NASLib tuple string; {@link Arch#parseNaslibTuple} maps them to an arch. */
final class NaslibTupleParser {
    private static final String TUPLE_FORM = "a NASLib tuple of 6 op ids 0..4 such as (2, 2, 3, 0, 4, 1)";

    private NaslibTupleParser() {
    }

    /** The six NASLib op ids written in {@code text}, in tuple order. */
    static int[] parse(String text) {
        Objects.requireNonNull(text, "NASLib tuple");
        int from = 0;
        int to = text.length();
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        if (from < to && (text.charAt(from) == '(' || text.charAt(from) == '[')) {
            char close = text.charAt(from) == '(' ? ')' : ']';
            if (to - from < 2 || text.charAt(to - 1) != close) {
                throw bad(text, from, to - from, "'" + text.charAt(from) + "' is not closed by '" + close + "'");
            }
            from++;
            to--;
        }
        int[] tuple = new int[Arch.EDGES];
        int count = 0;
        int i = from;
        while (i < to) {
            if (isSeparator(text.charAt(i))) {
                i++;
                continue;
            }
            int tokenStart = i;
            while (i < to && !isSeparator(text.charAt(i))) {
                i++;
            }
            String token = text.substring(tokenStart, i);
            if (count == Arch.EDGES) {
                throw bad(text, tokenStart, i - tokenStart, "more than " + Arch.EDGES + " op ids");
            }
            if (token.length() != 1 || token.charAt(0) < '0' || token.charAt(0) > '4') {
                throw bad(text, tokenStart, i - tokenStart, "'" + token
                        + "' is not an op id (0 skip, 1 none, 2 conv3x3, 3 conv1x1, 4 avgpool)");
            }
            tuple[count++] = token.charAt(0) - '0';
        }
        if (count != Arch.EDGES) {
            throw bad(text, to, 1, count + " op ids, expected " + Arch.EDGES);
        }
        return tuple;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || Character.isWhitespace(c);
    }

    private static ArchFormatException bad(String text, int offset, int length, String problem) {
        return new ArchFormatException(text, offset, length, "bad NASLib tuple: " + problem, TUPLE_FORM);
    }
}
