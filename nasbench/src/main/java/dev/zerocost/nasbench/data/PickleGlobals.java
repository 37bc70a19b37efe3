package dev.zerocost.nasbench.data;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The closed list of Python globals a pickle may name, and what calling them means here. Each
 * one only builds data (a numpy array, a numpy dtype, a numpy scalar or a bytes object); no
 * other global is accepted, so reading a pickle can never run code.
 */
final class PickleGlobals {
    /** A global the stream referred to; only whitelisted names are ever created. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A numpy dtype being unpickled: kind letter + item size, byte order from BUILD. */
    static final class Dtype {
        final char kind;
        final int itemSize;
        char byteOrder;

        Dtype(char kind, int itemSize) {
            this.kind = kind;
            this.itemSize = itemSize;
            this.byteOrder = itemSize == 1 ? '|' : '<';
        }

        String descriptor() {
            return "" + (itemSize == 1 ? '|' : byteOrder) + kind + itemSize;
        }
    }

    private static final Set<String> NUMPY_CORE = Set.of("numpy.core.multiarray", "numpy._core.multiarray");
    private static final Set<String> NUMPY_NUMERIC = Set.of("numpy.core.numeric", "numpy._core.numeric");

    private PickleGlobals() {
    }

    /** The global, or an explanation of why it is refused (the caller prefixes file and offset). */
    static Global resolve(String module, String name) {
        boolean ok = (NUMPY_CORE.contains(module) && (name.equals("_reconstruct") || name.equals("scalar")))
                || (NUMPY_NUMERIC.contains(module) && name.equals("_frombuffer"))
                || (module.equals("numpy") && (name.equals("ndarray") || name.equals("dtype")))
                || (module.equals("_codecs") && name.equals("encode"));
        if (!ok) {
            throw new IllegalArgumentException("refusing Python global '" + module + "." + name
                    + "': only numpy array, dtype and scalar reconstruction and _codecs.encode are allowed;"
                    + " this reader never executes code. Re-save the data as numpy arrays, lists and dicts");
        }
        return new Global(module, name);
    }

    /** REDUCE: calls a whitelisted global with an argument tuple. */
    static Object call(Object callable, List<?> args) {
        if (!(callable instanceof Global g)) {
            throw new IllegalArgumentException("REDUCE applied to " + describe(callable) + ", expected a numpy global");
        }
        switch (g.name) {
            case "_reconstruct" -> {
                arity(g, args, 3);
                if (!(args.get(0) instanceof Global cls) || !cls.name.equals("ndarray")) {
                    throw new IllegalArgumentException("_reconstruct of " + describe(args.get(0))
                            + ", expected numpy.ndarray (subclasses such as masked arrays are not supported)");
                }
                return new NumpyArray();
            }
            case "ndarray" -> {
                return new NumpyArray();
            }
            case "dtype" -> {
                if (args.isEmpty() || !(args.get(0) instanceof String spec)) {
                    throw new IllegalArgumentException("numpy.dtype called with " + args + ", expected a type code string");
                }
                return dtype(spec);
            }
            case "scalar" -> {
                arity(g, args, 2);
                return scalar(args.get(0), bytes(args.get(1), "numpy scalar data"));
            }
            case "encode" -> {
                if (args.size() != 2 || !(args.get(0) instanceof String text)
                        || !(args.get(1) instanceof String enc) || !enc.replace("-", "").equalsIgnoreCase("latin1")) {
                    throw new IllegalArgumentException("_codecs.encode called with " + args
                            + ", expected (text, 'latin1'), the way Python 3 pickles bytes at protocol 2");
                }
                return text.getBytes(StandardCharsets.ISO_8859_1);
            }
            case "_frombuffer" -> {
                arity(g, args, 4);
                Dtype dtype = asDtype(args.get(1));
                boolean fortran = "F".equals(args.get(3));
                return new NumpyArray(dtype.descriptor(), shape(args.get(2)), fortran, bytes(args.get(0), "array buffer"));
            }
            default -> throw new IllegalStateException("unhandled global " + g.qualified());
        }
    }

    /** NEWOBJ: {@code cls.__new__(cls, *args)}, allowed only for numpy.ndarray and numpy.dtype. */
    static Object newObject(Object cls, List<?> args) {
        if (cls instanceof Global g && (g.name.equals("ndarray") || g.name.equals("dtype"))) {
            return call(g, args);
        }
        throw new IllegalArgumentException("NEWOBJ of " + describe(cls) + ", expected numpy.ndarray or numpy.dtype");
    }

    /** BUILD: {@code obj.__setstate__(state)} for arrays and dtypes; returns false if obj is neither. */
    static boolean build(Object obj, Object state) {
        if (obj instanceof NumpyArray array) {
            if (array.isInitialised()) {
                throw new IllegalArgumentException("BUILD applied twice to one numpy array");
            }
            List<?> s = tuple(state, "ndarray state");
            int at = s.size() == 5 ? 1 : 0;  // (version, shape, dtype, is_fortran, data) or without version
            if (s.size() - at != 4) {
                throw new IllegalArgumentException("ndarray state has " + s.size() + " items, expected 4 or 5");
            }
            Dtype dtype = asDtype(s.get(at + 1));
            Object raw = s.get(at + 3);
            if (raw instanceof List) {
                throw new IllegalArgumentException("ndarray of Python objects (dtype " + dtype.descriptor()
                        + ") is not supported: only numeric arrays can be read");
            }
            array.init(dtype.descriptor(), shape(s.get(at)), Boolean.TRUE.equals(s.get(at + 2)), bytes(raw, "array data"));
            return true;
        }
        if (obj instanceof Dtype dtype) {
            List<?> s = tuple(state, "dtype state");
            if (s.size() < 2 || !(s.get(1) instanceof String order) || order.length() != 1) {
                throw new IllegalArgumentException("dtype state " + s + " has no byte order");
            }
            for (int i = 2; i < Math.min(s.size(), 5); i++) {
                if (s.get(i) != null) {
                    throw new IllegalArgumentException("structured or sub-array dtype (state " + s + ") is not supported");
                }
            }
            char c = order.charAt(0);
            dtype.byteOrder = c == '>' ? '>' : '<';  // '=' and '|' are native order: little endian on x86 and ARM
            return true;
        }
        return false;
    }

    private static Dtype dtype(String spec) {
        String s = spec.startsWith("<") || spec.startsWith(">") || spec.startsWith("|") || spec.startsWith("=")
                ? spec.substring(1) : spec;
        char kind = s.isEmpty() ? '?' : s.charAt(0);
        int size;
        try {
            size = s.length() > 1 ? Integer.parseInt(s.substring(1)) : -1;
        } catch (NumberFormatException e) {
            size = -1;
        }
        boolean ok = switch (kind) {
            case 'b' -> size == 1;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'f' -> size == 4 || size == 8;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("numpy dtype '" + spec + "' is not supported; expected bool,"
                    + " (u)int8..64, float32 or float64");
        }
        Dtype d = new Dtype(kind, size);
        if (spec.charAt(0) == '>') {
            d.byteOrder = '>';
        }
        return d;
    }

    private static Object scalar(Object dtypeObj, byte[] raw) {
        Dtype d = asDtype(dtypeObj);
        if (raw.length != d.itemSize) {
            throw new IllegalArgumentException("numpy scalar of dtype " + d.descriptor() + " has " + raw.length + " bytes");
        }
        NumpyArray one = new NumpyArray(d.descriptor(), new int[0], false, raw);
        if (d.kind == 'f') {
            return one.toDoubleArray()[0];
        }
        long v = one.toLongArray()[0];
        return d.kind == 'b' ? (Object) (v != 0) : (Object) v;
    }

    private static Dtype asDtype(Object o) {
        if (o instanceof Dtype d) {
            return d;
        }
        throw new IllegalArgumentException("expected a numpy dtype, found " + describe(o));
    }

    static byte[] bytes(Object o, String what) {
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {  // a Python 2 str read as latin-1, as pickle.load(encoding='latin1') does
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new IllegalArgumentException(what + " is " + describe(o) + ", expected bytes");
    }

    private static int[] shape(Object o) {
        List<?> dims = o instanceof Long n ? List.of(n) : tuple(o, "shape");
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad array shape " + dims);
            }
            shape[i] = (int) (long) d;
        }
        return shape;
    }

    private static List<?> tuple(Object o, String what) {
        if (o instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(what + " is " + describe(o) + ", expected a tuple");
    }

    private static void arity(Global g, List<?> args, int n) {
        if (args.size() != n) {
            throw new IllegalArgumentException(g.qualified() + " called with " + args.size() + " arguments, expected " + n);
        }
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Global g) {
            return "global " + g.qualified();
        }
        return o.getClass().getSimpleName();
    }
}
