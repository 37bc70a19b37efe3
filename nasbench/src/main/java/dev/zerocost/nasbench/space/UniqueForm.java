package dev.zerocost.nasbench.space;

import java.util.Arrays;

/**
 * NB-201's isomorphism key for a cell (the benchmark's {@code unique_str}, computed with zero ops
 * taken into account). Two archs with the same key compute the same function up to weight
 * sharing, and the key splits the 15625 archs into 6466 classes.
 *
 * <p>Each node is described by an expression of node 0: a {@code none} edge, or an edge out of a
 * node whose description is exactly the zero marker {@code #}, contributes {@code #}; a
 * {@code skip_connect} edge contributes its source's description unchanged; any other op
 * contributes {@code (source)@op}. A node's description is its edges' contributions sorted as
 * strings and joined by {@code +}; the cell's key is node 3's description. The spelling matches the
 * {@code unique_str} column of the NB-201 API, quirks included: a node fed by two zero edges reads
 * {@code #+#}, which does not count as zero further down.
 */
public final class UniqueForm {
    static final String ZERO = "#";

    private UniqueForm() {
    }

    /** The isomorphism key of {@code arch}. */
    public static String of(Arch arch) {
        String[] nodes = new String[Arch.NODES];
        nodes[0] = "0";
        for (int target = 1; target < Arch.NODES; target++) {
            String[] terms = new String[target];
            for (int source = 0; source < target; source++) {
                terms[source] = term(arch.op(target, source), nodes[source]);
            }
            // Code-unit order equals Python's code-point order here: every character is ASCII.
            Arrays.sort(terms);
            nodes[target] = String.join("+", terms);
        }
        return nodes[Arch.NODES - 1];
    }

    private static String term(Op op, String source) {
        if (op == Op.NONE || source.equals(ZERO)) {
            return ZERO;
        }
        if (op == Op.SKIP_CONNECT) {
            return source;
        }
        return "(" + source + ")@" + op.label();
    }
}
