package dev.zerocost.nasbench.space;

import dev.zerocost.engine.random.Mt19937;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The official NB-201 / NATS-Bench-TSS architecture index. The benchmark lists all 15625 archs
 * (edges in arch-string order, last edge fastest, ops in {@link Op} order) and then shuffles the
 * list with Python 3's {@code random.seed(88); random.shuffle(list)}; position in the shuffled
 * list is the index. Built once, on first use, from the seed alone.
 */
public final class Nb201Index {
    /** The seed NB-201 passes to Python's {@code random.seed} before shuffling. */
    public static final int SHUFFLE_SEED = 88;

    private Nb201Index() {
    }

    /** Lazily built tables: the JVM runs this initialiser once, on first access, thread-safely. */
    private static final class Tables {
        static final Arch[] BY_INDEX;
        static final int[] INDEX_BY_RANK = new int[Arch.COUNT];

        static {
            List<Arch> archs = new ArrayList<>(Arch.COUNT);
            for (int rank = 0; rank < Arch.COUNT; rank++) {
                archs.add(Arch.fromRank(rank));
            }
            Mt19937.pythonSeed(SHUFFLE_SEED).shuffle(archs);
            BY_INDEX = archs.toArray(new Arch[0]);
            for (int index = 0; index < BY_INDEX.length; index++) {
                INDEX_BY_RANK[BY_INDEX[index].rank()] = index;
            }
        }
    }

    /** How many archs the index covers: 15625. */
    public static int size() {
        return Arch.COUNT;
    }

    /** The arch with official index {@code index} (0..15624). */
    public static Arch arch(int index) {
        if (index < 0 || index >= Arch.COUNT) {
            throw new IndexOutOfBoundsException("NB-201 index " + index + " is out of range; valid indices are 0.."
                    + (Arch.COUNT - 1));
        }
        return Tables.BY_INDEX[index];
    }

    /** The official index of {@code arch}. */
    public static int indexOf(Arch arch) {
        Objects.requireNonNull(arch, "arch");
        return Tables.INDEX_BY_RANK[arch.rank()];
    }
}
