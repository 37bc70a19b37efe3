package dev.zerocost.nasbench.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One NB-201 cell: an op on each of the 6 edges of a 4-node DAG. Edges are kept in arch-string
 * order, node 1 &lt;- 0; node 2 &lt;- 0, 1; node 3 &lt;- 0, 1, 2, as in
 * {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}. Immutable; equal when all six ops are equal.
 */
public final class Arch {
    /** Nodes in a cell: the input node 0 and the computed nodes 1, 2, 3. */
    public static final int NODES = 4;
    /** Edges in a cell: every node receives one edge from each earlier node. */
    public static final int EDGES = 6;
    /** How many distinct archs the space holds: 5^6. */
    public static final int COUNT = 15625;

    /** One edge of the cell: {@code op} applied to node {@code source}, summed into node {@code target}. */
    public record Edge(int target, int source, Op op) {
    }

    static final String STRING_FORM = "|op~0|+|op~0|op~1|+|op~0|op~1|op~2| with op one of: " + Op.validLabels();
    /** NASLib tuple position p holds the op of string edge TUPLE_TO_STRING[p] (a self-inverse swap). */
    private static final int[] TUPLE_TO_STRING = {0, 1, 3, 2, 4, 5};
    private static final Op[] OPS = Op.values();

    private final Op[] ops;
    private final int rank;

    private Arch(Op[] ops) {
        this.ops = ops;
        int r = 0;
        for (Op op : ops) {
            r = r * OPS.length + op.ordinal();
        }
        this.rank = r;
    }

    /** The arch with these six ops, given in arch-string edge order. */
    public static Arch of(Op... ops) {
        if (ops.length != EDGES) {
            throw new IllegalArgumentException("an NB-201 arch needs " + EDGES + " ops, got " + ops.length);
        }
        for (Op op : ops) {
            Objects.requireNonNull(op, "op");
        }
        return new Arch(ops.clone());
    }

    /**
     * The arch at position {@code rank} of the plain enumeration (edges in string order, last edge
     * fastest, ops in {@link Op} order), before NB-201's shuffle.
     */
    static Arch fromRank(int rank) {
        Op[] ops = new Op[EDGES];
        int r = rank;
        for (int e = EDGES - 1; e >= 0; e--) {
            ops[e] = OPS[r % OPS.length];
            r /= OPS.length;
        }
        return new Arch(ops);
    }

    /** This arch's position in the plain, unshuffled enumeration (0..15624). */
    int rank() {
        return rank;
    }

    /** Parses an NB-201 arch string such as {@code |nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|}. */
    public static Arch parse(String text) {
        Objects.requireNonNull(text, "arch string");
        Op[] ops = new Op[EDGES];
        int start = 0;
        for (int target = 1; target < NODES; target++) {
            int plus = text.indexOf('+', start);
            boolean last = target == NODES - 1;
            if (last && plus >= 0) {
                throw bad(text, plus, text.length() - plus,
                        "too many nodes: an NB-201 cell has 3 '+'-separated nodes, found more");
            }
            if (!last && plus < 0) {
                throw bad(text, text.length(), 1,
                        "too few nodes: an NB-201 cell has 3 '+'-separated nodes, found " + target);
            }
            int end = last ? text.length() : plus;
            parseNode(text, start, end, target, ops);
            start = end + 1;
        }
        return new Arch(ops);
    }

    private static void parseNode(String text, int start, int end, int target, Op[] ops) {
        if (end - start < 2 || text.charAt(start) != '|' || text.charAt(end - 1) != '|') {
            throw bad(text, start, end - start,
                    "node " + target + " must be written between '|' bars, like |op~0|...|");
        }
        List<int[]> tokens = new ArrayList<>();
        int tokenStart = start + 1;
        for (int i = start + 1; i < end; i++) {
            if (text.charAt(i) == '|') {
                tokens.add(new int[] {tokenStart, i});
                tokenStart = i + 1;
            }
        }
        if (tokens.size() != target) {
            throw bad(text, start, end - start, "node " + target + " has " + tokens.size() + " edge(s), expected "
                    + target + " (one from each of nodes 0.." + (target - 1) + ")");
        }
        for (int source = 0; source < target; source++) {
            int[] span = tokens.get(source);
            ops[edgeIndex(target, source)] = parseEdge(text, span[0], span[1], target, source);
        }
    }

    private static Op parseEdge(String text, int from, int to, int target, int source) {
        String token = text.substring(from, to);
        int tilde = token.indexOf('~');
        if (tilde < 0) {
            throw bad(text, from, to - from, "edge '" + token + "' into node " + target
                    + " has no '~': an edge is written op~source, e.g. nor_conv_3x3~" + source);
        }
        String label = token.substring(0, tilde);
        Op op = Op.lookup(label).orElseThrow(() -> bad(text, from, tilde,
                "unknown op '" + label + "' on edge " + source + "->" + target + "; valid ops: " + Op.validLabels()));
        String sourceText = token.substring(tilde + 1);
        if (!sourceText.equals(Integer.toString(source))) {
            throw bad(text, from + tilde + 1, Math.max(1, sourceText.length()), "edge " + (source + 1) + " of node "
                    + target + " must come from node " + source + ", found source '" + sourceText + "'");
        }
        return op;
    }

    private static ArchFormatException bad(String text, int offset, int length, String problem) {
        return new ArchFormatException(text, offset, length, "bad NB-201 arch string: " + problem, STRING_FORM);
    }

    /** Position of edge {@code source -> target} in arch-string order (0..5). */
    public static int edgeIndex(int target, int source) {
        if (target < 1 || target >= NODES || source < 0 || source >= target) {
            throw new IllegalArgumentException("no NB-201 edge from node " + source + " to node " + target
                    + "; edges run from a lower to a higher node in 0..3");
        }
        return target * (target - 1) / 2 + source;
    }

    /** The op on edge {@code source -> target}. */
    public Op op(int target, int source) {
        return ops[edgeIndex(target, source)];
    }

    /** The op on the edge at position {@code edge} (0..5) of arch-string order. */
    public Op op(int edge) {
        Objects.checkIndex(edge, EDGES);
        return ops[edge];
    }

    /** A copy of this arch with edge {@code source -> target} set to {@code op}. */
    public Arch with(int target, int source, Op op) {
        Op[] copy = ops.clone();
        copy[edgeIndex(target, source)] = Objects.requireNonNull(op, "op");
        return new Arch(copy);
    }

    /** The six ops in arch-string edge order. */
    public List<Op> ops() {
        return List.of(ops);
    }

    /** The six edges in arch-string order. */
    public List<Edge> edges() {
        List<Edge> edges = new ArrayList<>(EDGES);
        for (int target = 1; target < NODES; target++) {
            for (int source = 0; source < target; source++) {
                edges.add(new Edge(target, source, op(target, source)));
            }
        }
        return List.copyOf(edges);
    }

    /** The arch of a NASLib op tuple {@code (a,b,c,d,e,f)} = {@code |a~0|+|b~0|d~1|+|c~0|e~1|f~2|}. */
    public static Arch fromNaslibTuple(int... tuple) {
        if (tuple.length != EDGES) {
            throw new IllegalArgumentException("a NASLib tuple has " + EDGES + " op ids, got "
                    + tuple.length + ": " + Arrays.toString(tuple));
        }
        Op[] result = new Op[EDGES];
        for (int p = 0; p < EDGES; p++) {
            result[TUPLE_TO_STRING[p]] = Op.fromNaslibId(tuple[p]);
        }
        return new Arch(result);
    }

    /** This arch as a NASLib op tuple (edges 0->1, 0->2, 0->3, 1->2, 1->3, 2->3; NASLib op ids). */
    public int[] toNaslibTuple() {
        int[] tuple = new int[EDGES];
        for (int p = 0; p < EDGES; p++) {
            tuple[p] = ops[TUPLE_TO_STRING[p]].naslibId();
        }
        return tuple;
    }

    /** This arch as NASLib prints a tuple, e.g. {@code (2, 2, 3, 0, 4, 1)}. */
    public String toNaslibString() {
        StringBuilder sb = new StringBuilder("(");
        int[] tuple = toNaslibTuple();
        for (int p = 0; p < EDGES; p++) {
            sb.append(p == 0 ? "" : ", ").append(tuple[p]);
        }
        return sb.append(')').toString();
    }

    /**
     * Parses a NASLib tuple written as {@code (2, 2, 3, 0, 4, 1)}; brackets are optional and ids may
     * be separated by commas and/or spaces, so {@code 2 2 3 0 4 1} also works.
     */
    public static Arch parseNaslibTuple(String text) {
        return fromNaslibTuple(NaslibTupleParser.parse(text));
    }

    /** The NB-201 arch string, e.g. {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|...|}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96);
        for (int target = 1; target < NODES; target++) {
            sb.append(target == 1 ? "|" : "+|");
            for (int source = 0; source < target; source++) {
                sb.append(op(target, source).label()).append('~').append(source).append('|');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Arch that && that.rank == rank;
    }

    @Override
    public int hashCode() {
        return rank;
    }
}
