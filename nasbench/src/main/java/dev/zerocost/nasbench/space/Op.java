package dev.zerocost.nasbench.space;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The five candidate operations of an NB-201 cell edge, declared in the benchmark's own order
 * (the order its index enumeration uses). Each op knows its NB-201 spelling and its NASLib id.
 */
public enum Op {
    /** The zero op: the edge contributes nothing. */
    NONE("none", 1),
    /** Identity. */
    SKIP_CONNECT("skip_connect", 0),
    /** ReLU, 1x1 convolution, batch norm. */
    NOR_CONV_1X1("nor_conv_1x1", 3),
    /** ReLU, 3x3 convolution, batch norm. */
    NOR_CONV_3X3("nor_conv_3x3", 2),
    /** 3x3 average pooling, stride 1, padding 1, padding excluded from the divisor. */
    AVG_POOL_3X3("avg_pool_3x3", 4);

    private static final Op[] BY_NASLIB_ID = new Op[5];

    static {
        for (Op op : values()) {
            BY_NASLIB_ID[op.naslibId] = op;
        }
    }

    private final String label;
    private final int naslibId;

    Op(String label, int naslibId) {
        this.label = label;
        this.naslibId = naslibId;
    }

    /** The op's spelling in NB-201 arch strings, e.g. {@code nor_conv_3x3}. */
    public String label() {
        return label;
    }

    /** NASLib's integer id: 0 skip, 1 none, 2 conv3x3, 3 conv1x1, 4 avgpool. */
    public int naslibId() {
        return naslibId;
    }

    /** The op spelled {@code label} in NB-201 strings, or empty if there is none. */
    public static Optional<Op> lookup(String label) {
        for (Op op : values()) {
            if (op.label.equals(label)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /**
     * The op spelled {@code label}; an unknown spelling raises an exception that lists the valid ones.
     */
    public static Op fromLabel(String label) {
        return lookup(label).orElseThrow(() -> new IllegalArgumentException(
                "unknown NB-201 op '" + label + "'; valid ops: " + validLabels()));
    }

    /** The op with NASLib id {@code id} (0..4). */
    public static Op fromNaslibId(int id) {
        if (id < 0 || id >= BY_NASLIB_ID.length) {
            throw new IllegalArgumentException("unknown NASLib op id " + id
                    + "; expected 0 skip_connect, 1 none, 2 nor_conv_3x3, 3 nor_conv_1x1, 4 avg_pool_3x3");
        }
        return BY_NASLIB_ID[id];
    }

    /** The valid spellings in NB-201 order, comma separated, for error messages. */
    public static String validLabels() {
        return Arrays.stream(values()).map(Op::label).collect(Collectors.joining(", "));
    }
}
