package dev.zerocost.nasbench.search;

import java.util.Arrays;

/**
 * The training oracle of a simulated search: "training" an arch looks up its ground-truth accuracy
 * and counts one trained arch, as the zero-cost-nas notebook counts (repeats count again). Records
 * the best accuracy found after each trained arch.
 */
public final class Trainer {
    private final SearchSpace space;
    private final double[] best;
    private int trained;

    public Trainer(SearchSpace space, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("search budget must be at least 1 trained arch, got " + budget);
        }
        this.space = space;
        this.best = new double[budget];
    }

    /** Trains arch i: returns its accuracy. Calling it past the budget is a bug in the algorithm. */
    public double train(int i) {
        if (done()) {
            throw new IllegalStateException("training budget of " + best.length + " archs is spent");
        }
        double acc = space.accuracy(i);
        best[trained] = trained == 0 ? acc : Math.max(best[trained - 1], acc);
        trained++;
        return acc;
    }

    public boolean done() {
        return trained >= best.length;
    }

    public int trained() {
        return trained;
    }

    /** Best accuracy after 1, 2, ... trained archs; an unfinished run repeats its last value. */
    public double[] bestSoFar() {
        double[] out = Arrays.copyOf(best, best.length);
        for (int t = Math.max(trained, 1); t < out.length; t++) {
            out[t] = trained == 0 ? Double.NaN : out[trained - 1];
        }
        return out;
    }
}
