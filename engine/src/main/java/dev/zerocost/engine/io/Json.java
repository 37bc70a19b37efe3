package dev.zerocost.engine.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the safetensors header: a strict reader (RFC 8259 values, objects kept in
 * file order, duplicate keys rejected) and string quoting as serde_json writes it. Objects become
 * {@code LinkedHashMap<String, Object>}, arrays {@code List<Object>}, integers {@code Long},
 * other numbers {@code BigDecimal}, and null {@link #NULL}.
 */
final class Json {
    /** JSON null, distinct from a missing key. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String text;
    private final Location where;
    private int pos;

    private Json(String text, Location where) {
        this.text = text;
        this.where = where;
    }

    /** Parses one JSON value that may be surrounded by whitespace (safetensors pads with spaces). */
    static Object parse(String text, Location where) throws ArrayFormatException {
        Json reader = new Json(text, where);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("the end of the header");
        }
        return value;
    }

    /** Appends {@code value} as a quoted JSON string, escaping as serde_json does. */
    static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private ArrayFormatException error(String expected) {
        String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end of the header";
        String excerpt = text.substring(Math.max(0, pos - 30), Math.min(text.length(), pos + 30));
        return where.fail("header is not valid JSON: expected " + expected + " at character " + pos + " but found "
                + found + " (near \"" + excerpt + "\")");
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean consume(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Object value() throws ArrayFormatException {
        skipSpace();
        if (pos >= text.length()) {
            throw error("a value");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return object();
        } else if (c == '[') {
            return array();
        } else if (c == '"') {
            return string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("null") ? NULL : Boolean.valueOf(word.equals("true"));
            }
        }
        throw error("a value");
    }

    private Map<String, Object> object() throws ArrayFormatException {
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        if (consume('}')) {
            return members;
        }
        do {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw error("a quoted key");
            }
            String key = string();
            if (!consume(':')) {
                throw error("':'");
            }
            if (members.put(key, value()) != null) {
                throw where.fail("header repeats the key \"" + key + "\"");
            }
        } while (consume(','));
        if (!consume('}')) {
            throw error("',' or '}'");
        }
        return members;
    }

    private List<Object> array() throws ArrayFormatException {
        pos++;
        List<Object> items = new ArrayList<>();
        if (consume(']')) {
            return items;
        }
        do {
            items.add(value());
        } while (consume(','));
        if (!consume(']')) {
            throw error("',' or ']'");
        }
        return items;
    }

    private String string() throws ArrayFormatException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a closing '\"'");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            } else if (c < 0x20) {
                pos--;
                throw error("no raw control character inside a string");
            } else if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = pos < text.length() ? text.charAt(pos++) : '?';
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("four hex digits after \\u");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException e) {
                        throw error("four hex digits after \\u");
                    }
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error("a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
            }
        }
    }

    private Object number() throws ArrayFormatException {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        if (!token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            pos = start;
            throw error("a number");
        }
        if (token.matches("-?[0-9]+")) {
            try {
                return Long.parseLong(token);
            } catch (NumberFormatException e) {
                return new BigDecimal(token); // beyond 64 bits; callers reject it with context
            }
        }
        return new BigDecimal(token);
    }
}
