package dev.zerocost.nasbench.space;

/**
 * A malformed architecture string. The message quotes the whole input, marks the offending
 * token with carets and says what form was expected, so a typo in a command line or a file is
 * found at a glance.
 */
public class ArchFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final String QUOTE_PREFIX = "  in \"";

    private final String input;
    private final int offset;
    private final String problem;

    /**
     * @param input    the whole string that failed to parse
     * @param offset   where the bad token starts in {@code input}
     * @param length   how many characters the bad token spans (at least one caret is drawn)
     * @param problem  what is wrong, in one sentence
     * @param expected the form that was expected
     */
    public ArchFormatException(String input, int offset, int length, String problem, String expected) {
        super(format(input, offset, length, problem, expected));
        this.input = input;
        this.offset = offset;
        this.problem = problem;
    }

    /** The whole string that failed to parse. */
    public String input() {
        return input;
    }

    /** Where the offending token starts in {@link #input()}. */
    public int offset() {
        return offset;
    }

    /** The one-sentence description of what is wrong, without the quoted input. */
    public String problem() {
        return problem;
    }

    private static String format(String input, int offset, int length, String problem, String expected) {
        int start = Math.max(0, Math.min(offset, input.length()));
        int carets = Math.max(1, Math.min(length, input.length() - start));
        return problem + "\n"
                + QUOTE_PREFIX + input + "\"\n"
                + " ".repeat(QUOTE_PREFIX.length() + start) + "^".repeat(carets) + "\n"
                + "expected " + expected;
    }
}
