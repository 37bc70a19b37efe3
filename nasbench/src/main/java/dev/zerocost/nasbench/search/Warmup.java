package dev.zerocost.nasbench.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The zero-cost warmup pool: {@code size} random archs (with replacement) sorted by proxy, best first. */
final class Warmup {
    private Warmup() {
    }

    static int[] pool(SearchSpace space, int size, SplittableRandom random) {
        Integer[] pool = new Integer[size];
        for (int k = 0; k < size; k++) {
            pool[k] = space.random(random);
        }
        // stable sort: equal scores keep sampling order, as Python's sorted(..., reverse=True) does
        Arrays.sort(pool, (a, b) -> Double.compare(space.proxy(b), space.proxy(a)));
        return Arrays.stream(pool).mapToInt(Integer::intValue).toArray();
    }
}
