package dev.zerocost.nasbench.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regularized (aging) evolution, REA (Real et al. 2019), as the zero-cost-nas notebook
 * {@code run_evolution_search} runs it on NB-201: fill a population by training archs, then
 * repeatedly take a random sample of the population, mutate the most accurate member (one edge
 * changes op), train the child, add it and drop the oldest member. Zero-cost warmup: the initial
 * population is the best of a pool of random archs by proxy. Zero-cost move: the child is the
 * neighbour with the best proxy score, or with probability 0.25 a random neighbour.
 */
public final class RegularizedEvolution implements SearchAlgorithm {
    private final int population;
    private final int sample;
    private final int warmup;
    private final boolean zeroCostMove;

    public RegularizedEvolution(int population, int sample, int warmup, boolean zeroCostMove) {
        if (population < 1 || sample < 1 || sample > population) {
            throw new IllegalArgumentException("evolution needs population >= 1 and 1 <= sample <= population; got population "
                    + population + ", sample " + sample);
        }
        if (warmup != 0 && warmup < population) {
            throw new IllegalArgumentException("zero-cost warmup pool (" + warmup + ") must hold at least the population ("
                    + population + ")");
        }
        this.population = population;
        this.sample = sample;
        this.warmup = warmup;
        this.zeroCostMove = zeroCostMove;
    }

    @Override
    public String name() {
        String name = "REA";
        if (warmup > 0) {
            name += " + zero-cost warmup " + warmup;
        }
        return zeroCostMove ? name + " + zero-cost move" : name;
    }

    @Override
    public boolean needsProxy() {
        return warmup > 0 || zeroCostMove;
    }

    @Override
    public void run(SearchSpace space, Trainer trainer, SplittableRandom random) {
        int[] warm = Warmup.pool(space, warmup, random);
        Deque<double[]> pool = new ArrayDeque<>(); // (accuracy, arch), oldest first
        for (int i = 0; i < population && !trainer.done(); i++) {
            int arch = warmup > 0 ? warm[i] : space.random(random);
            pool.addLast(new double[] {trainer.train(arch), arch});
        }
        while (!trainer.done()) {
            int parent = (int) bestOfSample(new ArrayList<>(pool), random)[1];
            int child = zeroCostMove ? zeroCostMutation(space, parent, random) : space.mutate(parent, random);
            pool.addLast(new double[] {trainer.train(child), child});
            pool.removeFirst();
        }
    }

    /** The most accurate of {@code sample} distinct members drawn at random (the last one wins ties, as sorted()[-1]). */
    private double[] bestOfSample(List<double[]> members, SplittableRandom random) {
        int n = members.size();
        int k = Math.min(sample, n);
        int[] picks = new int[n];
        for (int i = 0; i < n; i++) {
            picks[i] = i;
        }
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: k distinct members
            int j = i + random.nextInt(n - i);
            int t = picks[i];
            picks[i] = picks[j];
            picks[j] = t;
        }
        java.util.Arrays.sort(picks, 0, k); // keep population order, as random_combination does
        double[] best = members.get(picks[0]);
        for (int i = 1; i < k; i++) {
            double[] m = members.get(picks[i]);
            if (m[0] >= best[0]) {
                best = m;
            }
        }
        return best;
    }

    private static int zeroCostMutation(SearchSpace space, int parent, SplittableRandom random) {
        int[] neighbours = space.neighbours(parent);
        if (neighbours.length == 0) {
            return space.random(random);
        }
        int best = neighbours[0];
        for (int j : neighbours) {
            if (space.proxy(j) >= space.proxy(best)) {
                best = j; // the last of equal scores, as sorted(...)[-1] picks
            }
        }
        if (random.nextDouble() > 0.75) {
            best = neighbours[random.nextInt(neighbours.length)];
        }
        return best;
    }
}
