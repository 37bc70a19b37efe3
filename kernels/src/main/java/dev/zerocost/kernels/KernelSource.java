package dev.zerocost.kernels;

import dev.zerocost.engine.DType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel sources under {@code dev/zerocost/kernels/} on the class path, shared by every
 * backend that compiles them: each source's line {@code #include "dialect.h"} is replaced by
 * that header's text, so no include path on disk is needed, and the dialect's parameters (T,
 * T_INT, S, ACC, HAS_FP64) are given as preprocessor definitions.
 */
public final class KernelSource {
    /** The class-path folder of the sources. */
    public static final String FOLDER = "/dev/zerocost/kernels/";
    /** The header every source includes. */
    public static final String DIALECT = "dialect.h";
    /** The line of a source that {@link #expand} replaces by the header. */
    public static final String INCLUDE_LINE = "#include \"" + DIALECT + "\"";
    /** Every kernel source in {@link #FOLDER}. */
    public static final List<String> FILES =
            List.of("cast.cl", "conv.cl", "elementwise.cl", "matmul.cl", "movement.cl", "pool.cl", "reduce.cl");

    private KernelSource() {
    }

    /** The text of {@code file} in {@link #FOLDER}, as stored. */
    public static String read(String file) {
        try (InputStream in = KernelSource.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + FOLDER + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel source " + file, e);
        }
    }

    /** The text of {@code file} with its {@link #INCLUDE_LINE} replaced by the dialect header. */
    public static String expand(String file) {
        return read(file).replace(INCLUDE_LINE, read(DIALECT));
    }

    /** True for the sources built per (source type S, element type T) pair rather than per T alone. */
    public static boolean takesSourceType(String file) {
        return file.equals("cast.cl");
    }

    /** The dialect's spelling of a dtype: float, double or i64. */
    public static String typeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> "i64";
            case UINT8 -> throw new IllegalArgumentException("uint8 buffers are not supported by the kernel sources");
        };
    }

    /**
     * The dialect's definitions, in order HAS_FP64, ACC, T, T_INT and (when s is not null) S, for
     * element type t, source type s, on a device with (fp64) or without double precision.
     */
    public static Map<String, String> definitions(boolean fp64, DType t, DType s) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("HAS_FP64", fp64 ? "1" : "0");
        d.put("ACC", fp64 ? "double" : "float");
        d.put("T", typeName(t));
        d.put("T_INT", t == DType.INT64 ? "1" : "0");
        if (s != null) {
            d.put("S", typeName(s));
        }
        return d;
    }

    /**
     * The CUDA C++ text of {@code file} for nvcc and NVRTC alike: the definitions as #define lines,
     * then the expanded source. Not -D flags: nvcc includes cuda_runtime.h first, whose templates
     * name their parameters T and S (see dialect.h).
     */
    public static String cudaSource(String file, Map<String, String> definitions) {
        StringBuilder b = new StringBuilder();
        definitions.forEach((k, v) -> b.append("#define ").append(k).append(' ').append(v).append('\n'));
        b.append("#line 1 \"").append(file).append(" with dialect.h inlined\"\n");
        return b.append(expand(file)).toString();
    }
}
