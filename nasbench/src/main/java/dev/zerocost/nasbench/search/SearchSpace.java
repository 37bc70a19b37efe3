package dev.zerocost.nasbench.search;

import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The archs a search may visit, with their ground-truth accuracy (the training oracle) and,
 * optionally, an oriented proxy score (higher predicts better). With a proxy the space holds only
 * archs that have a finite score. A mutation changes the op of one edge; in a space that lacks
 * some archs it picks among the neighbours present, or a random arch when none is.
 */
public final class SearchSpace {
    private final Arch[] archs;
    private final double[] accuracy;
    private final double[] proxy;
    private final Map<Arch, Integer> index = new HashMap<>();

    /** A space of these archs; {@code proxy} null for none, else oriented scores, all finite. */
    public SearchSpace(List<Arch> archs, double[] accuracy, double[] proxy) {
        if (archs.isEmpty() || archs.size() != accuracy.length || (proxy != null && proxy.length != accuracy.length)) {
            throw new IllegalArgumentException("search space needs at least one arch and one accuracy (and proxy score) per arch; got "
                    + archs.size() + " archs, " + accuracy.length + " accuracies"
                    + (proxy == null ? "" : ", " + proxy.length + " scores"));
        }
        this.archs = archs.toArray(new Arch[0]);
        this.accuracy = accuracy.clone();
        this.proxy = proxy == null ? null : proxy.clone();
        for (int i = 0; i < this.archs.length; i++) {
            if (index.put(this.archs[i], i) != null) {
                throw new IllegalArgumentException("search space lists arch " + this.archs[i] + " twice");
            }
        }
    }

    public int size() {
        return archs.length;
    }

    public Arch arch(int i) {
        return archs[i];
    }

    public double accuracy(int i) {
        return accuracy[i];
    }

    public boolean hasProxy() {
        return proxy != null;
    }

    /** The oriented proxy score of arch i. */
    public double proxy(int i) {
        if (proxy == null) {
            throw new IllegalStateException("this search needs proxy scores; pass --results FILE.jsonl and --proxy NAME");
        }
        return proxy[i];
    }

    /** The best accuracy in the space: what a perfect search finds. */
    public double optimum() {
        double best = Double.NEGATIVE_INFINITY;
        for (double a : accuracy) {
            best = Math.max(best, a);
        }
        return best;
    }

    /** A uniformly random arch (with replacement, as the zero-cost-nas notebook samples). */
    public int random(SplittableRandom random) {
        return random.nextInt(archs.length);
    }

    /** The archs of the space that differ from arch i in exactly one edge. */
    public int[] neighbours(int i) {
        List<Integer> out = new ArrayList<>();
        Arch a = archs[i];
        for (Arch.Edge edge : a.edges()) {
            for (Op op : Op.values()) {
                if (op != edge.op()) {
                    Integer j = index.get(a.with(edge.target(), edge.source(), op));
                    if (j != null) {
                        out.add(j);
                    }
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One random one-edge change of arch i (a random arch when no neighbour is in the space). */
    public int mutate(int i, SplittableRandom random) {
        int[] n = neighbours(i);
        return n.length == 0 ? random(random) : n[random.nextInt(n.length)];
    }
}
