package dev.zerocost.engine.io;

import dev.zerocost.engine.DType;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionary at the start of a {@code .npy} file, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}: a Python literal, parsed
 * here by a small recursive-descent reader for strings, booleans, None, integers, tuples, lists and
 * dicts (enough to read every header NumPy writes and to name what is wrong with the others).
 */
record NpyHeader(DType dtype, ByteOrder order, long[] shape) {
    /** Supported descr strings, as they appear in error messages. */
    static final String SUPPORTED = "'<f4' (float32), '<f8' (float64), '<i8' (int64), '|u1' (uint8),"
            + " and big-endian '>f4', '>f8', '>i8' on read";

    /** Python's None, distinct from the string 'None'. */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** Parses and validates the header text; the caller has checked magic and version. */
    static NpyHeader parse(String text, Location where) throws ArrayFormatException {
        Reader reader = new Reader(text, where);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw where.fail("npy header has unexpected text after the dictionary at character " + reader.pos
                    + ": " + quote(text));
        }
        if (!(value instanceof Map<?, ?> dict)) {
            throw where.fail("npy header is not a dictionary: " + quote(text));
        }
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw where.fail("npy header has keys " + dict.keySet()
                    + " but expected exactly [descr, fortran_order, shape]");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw where.fail("npy header fortran_order is " + dict.get("fortran_order") + ", expected True or False");
        }
        if (fortran) {
            throw where.fail("array is stored in Fortran order (fortran_order: True), but only C order is"
                    + " supported; save numpy.ascontiguousarray(a) instead");
        }
        if (!(dict.get("shape") instanceof List<?> dims) || dims.stream().anyMatch(d -> !(d instanceof Long))) {
            throw where.fail("npy header shape is " + dict.get("shape") + ", expected a tuple of integers");
        }
        long[] shape = dims.stream().mapToLong(d -> (Long) d).toArray();
        Object descr = dict.get("descr");
        if (!(descr instanceof String name)) {
            String kind = descr instanceof List ? " (a structured dtype)" : "";
            throw where.fail("unsupported dtype " + descr + kind + "; supported: " + SUPPORTED);
        }
        return switch (name) {
            case "<f4" -> new NpyHeader(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, shape);
            case "<f8" -> new NpyHeader(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, shape);
            case "<i8" -> new NpyHeader(DType.INT64, ByteOrder.LITTLE_ENDIAN, shape);
            case ">f4" -> new NpyHeader(DType.FLOAT32, ByteOrder.BIG_ENDIAN, shape);
            case ">f8" -> new NpyHeader(DType.FLOAT64, ByteOrder.BIG_ENDIAN, shape);
            case ">i8" -> new NpyHeader(DType.INT64, ByteOrder.BIG_ENDIAN, shape);
            case "|u1", "<u1", ">u1", "u1" -> new NpyHeader(DType.UINT8, ByteOrder.LITTLE_ENDIAN, shape);
            default -> throw where.fail("unsupported dtype '" + name + "'; supported: " + SUPPORTED);
        };
    }

    /** The descr NumPy writes for a dtype. */
    static String descr(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case INT64 -> "<i8";
            case UINT8 -> "|u1";
        };
    }

    /**
     * The header dictionary text as NumPy 1.23+ writes it, including the spaces it reserves so the
     * first dimension can grow in place; the caller adds alignment padding and the newline.
     */
    static String format(DType dtype, int[] shape) {
        StringBuilder text = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        text.append(shape.length == 1 ? ",), }" : "), }");
        if (shape.length > 0) {
            text.append(" ".repeat(21 - Integer.toString(shape[0]).length()));
        }
        return text.toString();
    }

    private static String quote(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }

    /** Recursive-descent reader for the Python literal subset NumPy headers use. */
    private static final class Reader {
        private final String text;
        private final Location where;
        private int pos;

        Reader(String text, Location where) {
            this.text = text;
            this.where = where;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private ArrayFormatException error(String expected) {
            String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end of the header";
            return where.fail("cannot parse npy header: expected " + expected + " at character " + pos
                    + " but found " + found + " in " + quote(text));
        }

        Object value() throws ArrayFormatException {
            skipSpace();
            if (pos >= text.length()) {
                throw error("a value");
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            }
            if (c == '{') {
                return dict();
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return integer();
            }
            for (String word : new String[] {"True", "False", "None"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("None") ? NONE : Boolean.valueOf(word.equals("True"));
                }
            }
            throw error("a string, number, True, False, tuple, list or dict");
        }

        private String string() throws ArrayFormatException {
            char quoteChar = text.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != quoteChar) {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                out.append(c);
            }
            if (pos >= text.length()) {
                throw error("closing quote " + quoteChar);
            }
            pos++;
            return out.toString();
        }

        private Long integer() throws ArrayFormatException {
            int start = pos;
            if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
                pos++;
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
                pos++; // Python 2 long suffix, as old NumPy wrote "(3L, 4L)"
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("an integer that fits 64 bits");
            }
        }

        private List<Object> sequence(char close) throws ArrayFormatException {
            pos++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == close) {
                    pos++;
                    return items;
                }
                items.add(value());
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos >= text.length() || text.charAt(pos) != close) {
                    throw error("',' or '" + close + "'");
                }
            }
        }

        private Map<Object, Object> dict() throws ArrayFormatException {
            pos++;
            Map<Object, Object> entries = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == '}') {
                    pos++;
                    return entries;
                }
                Object key = value();
                skipSpace();
                if (pos >= text.length() || text.charAt(pos) != ':') {
                    throw error("':'");
                }
                pos++;
                if (entries.put(key, value()) != null) {
                    throw where.fail("npy header repeats the key " + key + " in " + quote(text));
                }
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos >= text.length() || text.charAt(pos) != '}') {
                    throw error("',' or '}'");
                }
            }
        }
    }
}
