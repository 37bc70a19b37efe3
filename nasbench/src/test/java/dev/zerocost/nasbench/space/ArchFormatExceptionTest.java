package dev.zerocost.nasbench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The error a user sees for a mistyped arch string: what is wrong, the whole input, and where. */
class ArchFormatExceptionTest {
    private static final String BEST =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|";

    private static ArchFormatException parseError(String text) {
        return assertThrows(ArchFormatException.class, () -> Arch.parse(text));
    }

    /** The character under the first caret of the message. */
    private static int caretColumn(ArchFormatException e) {
        String[] lines = e.getMessage().split("\n");
        int quoted = lines[1].indexOf('"') + 1;
        return lines[2].indexOf('^') - quoted;
    }

    @Test
    void isAnIllegalArgumentException() {
        assertInstanceOf(IllegalArgumentException.class, parseError("nonsense"));
    }

    @Test
    void unknownOpListsTheValidOpsAndPointsAtTheOp() {
        String text = BEST.replace("skip_connect~0", "skip_conect~0");
        ArchFormatException e = parseError(text);
        assertTrue(e.getMessage().contains("unknown op 'skip_conect'"), e.getMessage());
        assertTrue(e.getMessage().contains(Op.validLabels()), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + text + "\""), "quotes the whole input: " + e.getMessage());
        assertEquals(text.indexOf("skip_conect"), e.offset());
        assertEquals(e.offset(), caretColumn(e));
        assertTrue(e.getMessage().contains("^".repeat("skip_conect".length())), e.getMessage());
        assertEquals(text, e.input());
    }

    @Test
    void wrongNumberOfNodesIsReported() {
        ArchFormatException few = parseError("|nor_conv_3x3~0|+|none~0|none~1|");
        assertTrue(few.problem().contains("too few nodes"), few.getMessage());
        ArchFormatException many = parseError(BEST + "+|none~0|");
        assertTrue(many.problem().contains("too many nodes"), many.getMessage());
        assertEquals(BEST.length(), many.offset());
    }

    @Test
    void wrongNumberOfEdgesInANodeIsReported() {
        String text = BEST.replace("|nor_conv_3x3~0|nor_conv_3x3~1|+", "|nor_conv_3x3~0|+");
        ArchFormatException e = parseError(text);
        assertTrue(e.problem().contains("node 2 has 1 edge(s), expected 2"), e.getMessage());
        assertEquals(text.indexOf('+') + 1, e.offset());
    }

    @Test
    void wrongSourceNodeIsReportedAtTheIndex() {
        String text = BEST.replace("nor_conv_3x3~1|nor_conv_1x1~2", "nor_conv_3x3~2|nor_conv_1x1~2");
        ArchFormatException e = parseError(text);
        assertTrue(e.problem().contains("must come from node 1, found source '2'"), e.getMessage());
        assertEquals(text.indexOf("nor_conv_3x3~2") + "nor_conv_3x3~".length(), e.offset());
        assertEquals(e.offset(), caretColumn(e));
    }

    @Test
    void missingTildeIsReported() {
        String text = BEST.replace("nor_conv_1x1~2", "nor_conv_1x1");
        ArchFormatException e = parseError(text);
        assertTrue(e.problem().contains("has no '~'"), e.getMessage());
        assertEquals(text.indexOf("nor_conv_1x1"), e.offset());
    }

    @Test
    void missingBarsAroundANodeAreReported() {
        ArchFormatException e = parseError("nor_conv_3x3~0+|none~0|none~1|+|none~0|none~1|none~2|");
        assertTrue(e.problem().contains("node 1 must be written between '|' bars"), e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void messageEndsWithTheExpectedForm() {
        ArchFormatException e = parseError("");
        assertTrue(e.getMessage().contains("expected |op~0|+|op~0|op~1|+|op~0|op~1|op~2|"), e.getMessage());
    }
}
