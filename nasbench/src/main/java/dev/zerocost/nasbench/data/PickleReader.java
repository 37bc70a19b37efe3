package dev.zerocost.nasbench.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data-only reader of Python pickles (protocols 2 to 5, and the simple protocol-0 numbers),
 * enough for the CIFAR python batches and the ImageNet16 files. It never executes anything:
 * the only globals accepted are the numpy ones that rebuild arrays, dtypes and scalars (see
 * {@link PickleGlobals}); any other global is refused with an error.
 * <p>Python values map to: None to {@code null}, bool to {@link Boolean}, int to {@link Long}
 * (or {@link BigInteger} when it does not fit), float to {@link Double}, str to {@link String},
 * Python 2 str to a latin-1 {@link String} (as {@code pickle.load(f, encoding='latin1')}),
 * bytes to {@code byte[]}, list to a mutable {@link List}, tuple to an unmodifiable {@link List},
 * dict to a {@link LinkedHashMap}, set to a {@link Set}, ndarray to {@link NumpyArray}.
 */
public final class PickleReader {
    private static final Object MARK = new Object();

    private final PickleInput in;
    private final String name;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayDeque<ArrayList<Object>> metastack = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private PickleReader(InputStream in, String name) {
        this.in = new PickleInput(in);
        this.name = name;
    }

    /** Reads the single pickled object in a file; errors name the file, the byte offset and the fix. */
    public static Object load(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return load(in, file.toString());
        }
    }

    /** Reads one pickled object from a stream; {@code name} is used in error messages. */
    public static Object load(InputStream in, String name) throws IOException {
        return new PickleReader(in, name).run();
    }

    /** Value of a dict entry whose key is the str or bytes {@code key}; null when absent. */
    public static Object get(Map<?, ?> dict, String key) {
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            Object k = e.getKey();
            if (key.equals(k) || (k instanceof byte[] b && key.equals(new String(b, StandardCharsets.ISO_8859_1)))) {
                return e.getValue();
            }
        }
        return null;
    }

    private Object run() throws IOException {
        try {
            while (true) {
                long at = in.position();
                int op = in.u8();
                if (op == '.') {
                    if (stack.size() != 1 || !metastack.isEmpty()) {
                        throw fail("STOP with " + stack.size() + " values on the stack", at);
                    }
                    return stack.get(0);
                }
                step(op, at);
            }
        } catch (EOFException e) {
            throw new IOException(name + ": pickle ends early at byte " + in.position()
                    + " (no STOP opcode); the file is truncated, re-download or re-create it", e);
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            throw new IOException(name + ": invalid pickle data near byte " + in.position() + ": " + e.getMessage(), e);
        }
    }

    private void step(int op, long at) throws IOException {
        switch (op) {
            case 0x80 -> {  // PROTO
                int proto = in.u8();
                if (proto > 5) {
                    throw fail("pickle protocol " + proto + " is newer than the supported 2..5", at);
                }
            }
            case 0x95 -> in.bytes(8);                       // FRAME: length only, contents follow inline
            case '(' -> { metastack.push(new ArrayList<>(stack)); stack.clear(); }  // MARK
            case '}' -> push(new LinkedHashMap<>());    // EMPTY_DICT
            case ']' -> push(new ArrayList<>());        // EMPTY_LIST
            case ')' -> push(Collections.emptyList());  // EMPTY_TUPLE
            case 0x8f -> push(new LinkedHashSet<>());   // EMPTY_SET
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) in.le(4));             // BININT, signed
            case 'K' -> push((long) in.u8());              // BININT1
            case 'M' -> push((long) (in.le(2) & 0xFFFF));  // BININT2
            case 0x8a -> push(in.longN(in.u8()));             // LONG1
            case 0x8b -> push(in.longN(length(in.le(4), at)));  // LONG4
            case 'I' -> push(textInt(in.line()));         // INT (protocol 0)
            case 'L' -> push(textLong(in.line()));        // LONG (protocol 0)
            case 'F' -> push(Double.parseDouble(in.line()));  // FLOAT (protocol 0)
            case 'G' -> push(Double.longBitsToDouble(in.be8()));  // BINFLOAT, big endian
            case 'T' -> push(latin1(in.bytes(length(in.le(4), at))));  // BINSTRING (Python 2 str)
            case 'U' -> push(latin1(in.bytes(in.u8())));       // SHORT_BINSTRING
            case 'X' -> push(utf8(in.bytes(length(in.le(4), at))));  // BINUNICODE
            case 0x8c -> push(utf8(in.bytes(in.u8())));        // SHORT_BINUNICODE
            case 0x8d -> push(utf8(in.bytes(length(in.le8(), at))));  // BINUNICODE8
            case 'B' -> push(in.bytes(length(in.le(4), at)));  // BINBYTES
            case 'C' -> push(in.bytes(in.u8()));               // SHORT_BINBYTES
            case 0x8e, 0x96 -> push(in.bytes(length(in.le8(), at)));  // BINBYTES8, BYTEARRAY8
            case 't' -> push(Collections.unmodifiableList(Arrays.asList(popMark().toArray())));  // TUPLE
            case 0x85 -> push(tupleOf(1));
            case 0x86 -> push(tupleOf(2));
            case 0x87 -> push(tupleOf(3));
            case 'l' -> push(popMark());                 // LIST
            case 'd' -> push(dictOf(popMark(), new LinkedHashMap<>(), at));  // DICT
            case 'a' -> { Object v = pop(); list(top(), at).add(v); }  // APPEND
            case 'e' -> { List<Object> items = popMark(); list(top(), at).addAll(items); }  // APPENDS
            case 's' -> { Object v = pop(); Object k = pop(); map(top(), at).put(k, v); }  // SETITEM
            case 'u' -> { List<Object> kv = popMark(); dictOf(kv, map(top(), at), at); }  // SETITEMS
            case 0x90 -> { List<Object> items = popMark(); set(top(), at).addAll(items); }  // ADDITEMS
            case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark())));  // FROZENSET
            case 'c' -> push(global(in.line(), in.line(), at));  // GLOBAL
            case 0x93 -> { Object n = pop(); Object m = pop(); push(global(str(m, at), str(n, at), at)); }  // STACK_GLOBAL
            case 'R' -> { List<?> args = tuple(pop(), at); push(PickleGlobals.call(pop(), args)); }  // REDUCE
            case 0x81 -> { List<?> args = tuple(pop(), at); push(PickleGlobals.newObject(pop(), args)); }  // NEWOBJ
            case 'b' -> build(at);
            case 'p' -> memo.put(Long.parseLong(in.line()), top());  // PUT
            case 'q' -> memo.put((long) in.u8(), top());             // BINPUT
            case 'r' -> memo.put(in.le(4) & 0xFFFFFFFFL, top());     // LONG_BINPUT
            case 0x94 -> memo.put((long) memo.size(), top());     // MEMOIZE
            case 'g' -> push(recall(Long.parseLong(in.line()), at)); // GET
            case 'h' -> push(recall(in.u8(), at));                    // BINGET
            case 'j' -> push(recall(in.le(4) & 0xFFFFFFFFL, at));     // LONG_BINGET
            case '0' -> pop();                                     // POP
            case '1' -> popMark();                                 // POP_MARK
            case '2' -> push(top());                               // DUP
            default -> throw fail(String.format("unsupported pickle opcode 0x%02x%s", op,
                    op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "")
                    + "; expected a data pickle (numpy arrays, lists, dicts) of protocol 2..5", at);
        }
    }

    private void build(long at) throws IOException {
        Object state = pop();
        Object obj = top();
        if (obj instanceof Map<?, ?> target && state instanceof Map<?, ?> entries) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> m = (Map<Object, Object>) target;
            m.putAll(entries);
        } else if (!PickleGlobals.build(obj, state)) {
            throw fail("BUILD on " + PickleGlobals.describe(obj) + ", expected a numpy array or dtype", at);
        }
    }

    private Object global(String module, String attribute, long at) throws IOException {
        try {
            return PickleGlobals.resolve(module, attribute);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage(), at);
        }
    }

    private Object recall(long key, long at) throws IOException {
        if (!memo.containsKey(key)) {
            throw fail("memo key " + key + " was never stored", at);
        }
        return memo.get(key);
    }

    private List<Object> tupleOf(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    private Map<Object, Object> dictOf(List<Object> kv, Map<Object, Object> into, long at) throws IOException {
        if (kv.size() % 2 != 0) {
            throw fail("odd number of items (" + kv.size() + ") for a dict", at);
        }
        for (int i = 0; i < kv.size(); i += 2) {
            into.put(kv.get(i), kv.get(i + 1));
        }
        return into;
    }

    private ArrayList<Object> popMark() {
        if (metastack.isEmpty()) {
            throw new IllegalArgumentException("MARK expected but the stack has none");
        }
        ArrayList<Object> items = new ArrayList<>(stack);
        stack.clear();
        stack.addAll(metastack.pop());
        return items;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.isEmpty()) {
            throw new IllegalArgumentException("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, long at) throws IOException {
        if (o instanceof ArrayList<?>) {
            return (List<Object>) o;
        }
        throw fail("APPEND to " + PickleGlobals.describe(o) + ", expected a list", at);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o, long at) throws IOException {
        if (o instanceof LinkedHashMap<?, ?>) {
            return (Map<Object, Object>) o;
        }
        throw fail("SETITEM on " + PickleGlobals.describe(o) + ", expected a dict", at);
    }

    @SuppressWarnings("unchecked")
    private Set<Object> set(Object o, long at) throws IOException {
        if (o instanceof LinkedHashSet<?>) {
            return (Set<Object>) o;
        }
        throw fail("ADDITEMS on " + PickleGlobals.describe(o) + ", expected a set", at);
    }

    private List<?> tuple(Object o, long at) throws IOException {
        if (o instanceof List<?> l) {
            return l;
        }
        throw fail("arguments are " + PickleGlobals.describe(o) + ", expected a tuple", at);
    }

    private String str(Object o, long at) throws IOException {
        if (o instanceof String s) {
            return s;
        }
        throw fail("STACK_GLOBAL name is " + PickleGlobals.describe(o) + ", expected a str", at);
    }

    private int length(long n, long at) throws IOException {
        if (n < 0 || n > Integer.MAX_VALUE - 16) {
            throw fail("length field " + n + " is negative or too large for one Java array", at);
        }
        return (int) n;
    }

    private IOException fail(String what, long at) {
        return new IOException(name + ": " + what + " (pickle byte offset " + at + ")");
    }

    private static Object textInt(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> normalise(new BigInteger(s.trim()));
        };
    }

    private static Object textLong(String s) {
        return normalise(new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s));
    }

    static Object normalise(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
