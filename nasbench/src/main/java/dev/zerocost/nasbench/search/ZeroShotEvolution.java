package dev.zerocost.nasbench.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Zero-shot evolution guided by a proxy alone (ZiCo paper; {@code evolution_search.py}): keep a
 * population of at most {@code population} archs, dropping the lowest-scoring one when it grows
 * past that; each iteration adds a random arch while the population holds 10 or fewer, else a
 * random member mutated twice ({@code num_replaces=2}). No arch is trained during the search. Then
 * the visited archs are trained in order of proxy score, best first: after 1 trained arch this is
 * exactly ZiCo's "train the best arch once"; longer budgets show the next best.
 */
public final class ZeroShotEvolution implements SearchAlgorithm {
    private final int population;
    private final int iterations;

    public ZeroShotEvolution(int population, int iterations) {
        if (population < 1 || iterations < 1) {
            throw new IllegalArgumentException("zero-shot evolution needs population >= 1 and iterations >= 1; got "
                    + population + ", " + iterations);
        }
        this.population = population;
        this.iterations = iterations;
    }

    @Override
    public String name() {
        return "zero-shot evolution (" + iterations + " proxy evals)";
    }

    @Override
    public boolean needsProxy() {
        return true;
    }

    @Override
    public void run(SearchSpace space, Trainer trainer, SplittableRandom random) {
        List<Integer> pool = new ArrayList<>();
        Set<Integer> visited = new LinkedHashSet<>();
        for (int it = 0; it < iterations; it++) {
            while (pool.size() > population) {
                pool.remove(lowest(space, pool)); // the first of equal minima, as list.index(min) does
            }
            int child;
            if (pool.size() <= 10) {
                child = space.random(random);
            } else {
                int parent = pool.get(random.nextInt(pool.size()));
                child = space.mutate(space.mutate(parent, random), random);
            }
            pool.add(child);
            visited.add(child);
        }
        Integer[] ranked = visited.toArray(new Integer[0]);
        Arrays.sort(ranked, (a, b) -> Double.compare(space.proxy(b), space.proxy(a)));
        for (int i = 0; i < ranked.length && !trainer.done(); i++) {
            trainer.train(ranked[i]);
        }
        while (!trainer.done()) { // more budget than visited archs: go on at random
            trainer.train(space.random(random));
        }
    }

    private static int lowest(SearchSpace space, List<Integer> pool) {
        int worst = 0;
        for (int k = 1; k < pool.size(); k++) {
            if (space.proxy(pool.get(k)) < space.proxy(pool.get(worst))) {
                worst = k;
            }
        }
        return worst;
    }
}
