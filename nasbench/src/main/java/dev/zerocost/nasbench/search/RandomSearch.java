package dev.zerocost.nasbench.search;

import java.util.SplittableRandom;

/**
 * Random search (zero-cost-nas notebook {@code run_random_search}): train uniformly random archs.
 * With a zero-cost warmup of W, first sample W random archs, sort them by proxy and train them
 * best first, then go on at random.
 */
public final class RandomSearch implements SearchAlgorithm {
    private final int warmup;

    public RandomSearch(int warmup) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be 0 or more archs, got " + warmup);
        }
        this.warmup = warmup;
    }

    @Override
    public String name() {
        return warmup > 0 ? "random + zero-cost warmup " + warmup : "random";
    }

    @Override
    public boolean needsProxy() {
        return warmup > 0;
    }

    @Override
    public void run(SearchSpace space, Trainer trainer, SplittableRandom random) {
        for (int i : Warmup.pool(space, warmup, random)) {
            if (trainer.done()) {
                return;
            }
            trainer.train(i);
        }
        while (!trainer.done()) {
            trainer.train(space.random(random));
        }
    }
}
