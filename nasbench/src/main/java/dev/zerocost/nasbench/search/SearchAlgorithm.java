package dev.zerocost.nasbench.search;

import java.util.SplittableRandom;

/** A NAS algorithm simulated on ground truth: it trains archs through the {@link Trainer} until the budget is spent. */
public interface SearchAlgorithm {
    /** A short label for tables and plots. */
    String name();

    /** Whether it reads proxy scores (the space is then restricted to scored archs). */
    boolean needsProxy();

    /** Runs until {@code trainer.done()}. */
    void run(SearchSpace space, Trainer trainer, SplittableRandom random);
}
