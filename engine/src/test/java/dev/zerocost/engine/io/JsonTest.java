package dev.zerocost.engine.io;

import static dev.zerocost.engine.io.IoTestData.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final Location WHERE = Location.of("h.safetensors");

    @Test
    void parsesNestedValuesKeepingKeyOrder() throws ArrayFormatException {
        Object value = Json.parse(" {\"z\": [1, -2, 3.5e1], \"a\": {\"t\": true, \"f\": false, \"n\": null}}   ", WHERE);
        Map<?, ?> root = (Map<?, ?>) value;
        assertEquals(List.of("z", "a"), List.copyOf(root.keySet()));
        assertEquals(List.of(1L, -2L, new BigDecimal("3.5e1")), root.get("z"));
        Map<?, ?> inner = (Map<?, ?>) root.get("a");
        assertEquals(Boolean.TRUE, inner.get("t"));
        assertEquals(Boolean.FALSE, inner.get("f"));
        assertSame(Json.NULL, inner.get("n"));
    }

    @Test
    void decodesEveryEscapeIncludingSurrogatePairs() throws ArrayFormatException {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00",
                Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"", WHERE));
    }

    @Test
    void quotesStringsAsSerdeJsonDoes() throws ArrayFormatException {
        StringBuilder out = new StringBuilder();
        String text = "a\"b\\c\n\u0001é/";
        Json.quote(out, text);
        assertEquals("\"a\\\"b\\\\c\\n\\u0001é/\"", out.toString());
        assertEquals(text, Json.parse(out.toString(), WHERE));
    }

    @Test
    void rejectsMalformedJsonNamingThePosition() {
        assertMentions(assertThrows(ArrayFormatException.class, () -> Json.parse("{\"a\":01}", WHERE)),
                "h.safetensors", "expected a number at character 5");
        assertMentions(assertThrows(ArrayFormatException.class, () -> Json.parse("{\"a\":1,\"a\":2}", WHERE)),
                "repeats the key \"a\"");
        assertMentions(assertThrows(ArrayFormatException.class, () -> Json.parse("[1 2]", WHERE)),
                "expected ',' or ']'");
        assertMentions(assertThrows(ArrayFormatException.class, () -> Json.parse("\"a\u0001\"", WHERE)),
                "raw control character");
        assertMentions(assertThrows(ArrayFormatException.class, () -> Json.parse("{} x", WHERE)),
                "expected the end of the header");
    }
}
