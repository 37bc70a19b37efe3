package dev.zerocost.nasbench.eval;

/**
 * Settings of an evaluation: ground-truth column names (null for the defaults), bootstrap resamples
 * (0 for none), its seed and confidence level, and the top-k percent of the overlap measure.
 */
public record EvalOptions(String archColumn, String accColumn, int bootstrap, long seed, double level, double topPercent) {
    /** The defaults: standard columns, 1000 resamples from seed 0, 95% intervals, top 10%. */
    public static EvalOptions defaults() {
        return new EvalOptions(null, null, 1000, 0, 0.95, 10);
    }

    public EvalOptions {
        if (bootstrap < 0) {
            throw new IllegalArgumentException("--bootstrap must be 0 (none) or a positive number of resamples, got " + bootstrap);
        }
        if (!(topPercent > 0 && topPercent <= 100)) {
            throw new IllegalArgumentException("--topk must be a percentage in (0, 100], got " + topPercent);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
    }

    /** The same settings with another number of bootstrap resamples. */
    public EvalOptions withBootstrap(int resamples) {
        return new EvalOptions(archColumn, accColumn, resamples, seed, level, topPercent);
    }
}
