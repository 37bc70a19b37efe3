package dev.zerocost.nasbench.data;

/**
 * A small seeded generator with a fixed, documented algorithm (SplitMix64, Steele, Lea and
 * Flood 2014), so a seed gives the same batches on every JVM and machine. Not thread-safe.
 * <ul>
 * <li>{@link #nextLong()}: state += 0x9E3779B97F4A7C15; z = state;
 *     z = (z ^ z>>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>>27) * 0x94D049BB133111EB; return z ^ z>>>31</li>
 * <li>{@link #nextInt(int)}: r = nextLong() >>> 33 (31 bits), redrawn while r >= 2^31 - 2^31 mod bound,
 *     then r mod bound (unbiased)</li>
 * <li>{@link #nextDouble()}: (nextLong() >>> 11) * 2^-53</li>
 * <li>{@link #nextGaussian()}: Box-Muller on u1 = 1 - nextDouble(), u2 = nextDouble():
 *     sqrt(-2 ln u1) * cos(2 pi u2), then sqrt(-2 ln u1) * sin(2 pi u2) on the next call</li>
 * </ul>
 */
public final class SplitMix64 {
    private long state;
    private double spare;
    private boolean hasSpare;

    /** A generator whose first output depends only on {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** Next 64 random bits. */
    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform integer in [0, bound), bound in 1..2^31-1. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = (1L << 31) - (1L << 31) % bound;
        long r;
        do {
            r = nextLong() >>> 33;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal double (Box-Muller, pairs). Uses StrictMath, so results are bit-identical on every JVM. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble();  // in (0, 1]: log is finite
        double u2 = nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        spare = radius * StrictMath.sin(2.0 * Math.PI * u2);
        hasSpare = true;
        return radius * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
