package dev.zerocost.nasbench.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.nasbench.space.Arch;
import dev.zerocost.nasbench.space.Nb201Index;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Simulated NAS on synthetic ground truth: determinism, convergence, and that guidance helps. */
class SearchTest {
    /** Every NB-201 arch with an additive synthetic accuracy (plus small noise) and optionally that accuracy as proxy. */
    static SearchSpace fullSpace(boolean perfectProxy) {
        double[] opValue = {0, 1, 2, 3, 1.5}; // by Op ordinal
        SplittableRandom noise = new SplittableRandom(99);
        List<Arch> archs = new ArrayList<>();
        double[] acc = new double[Arch.COUNT];
        for (int i = 0; i < Arch.COUNT; i++) {
            Arch a = Nb201Index.arch(i);
            archs.add(a);
            double sum = 0;
            for (int e = 0; e < Arch.EDGES; e++) {
                sum += opValue[a.op(e).ordinal()] * (1 + e * 0.1);
            }
            acc[i] = 50 + sum + 0.01 * noise.nextDouble();
        }
        return new SearchSpace(archs, acc, perfectProxy ? acc : null);
    }

    static SearchSpace toySpace(int n) {
        List<Arch> archs = new ArrayList<>();
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            archs.add(Nb201Index.arch(i));
            acc[i] = (i * 37) % n;
        }
        return new SearchSpace(archs, acc, acc);
    }

    @Test
    void theSameSeedGivesTheSameCurves() {
        SearchSpace space = fullSpace(true);
        for (SearchAlgorithm a : List.of(new RandomSearch(0), new RegularizedEvolution(20, 5, 100, true), new ZeroShotEvolution(20, 300))) {
            double[][] first = SearchBenchmark.run(a, space, 60, 3, 7).runs();
            double[][] second = SearchBenchmark.run(a, space, 60, 3, 7).runs();
            for (int s = 0; s < 3; s++) {
                assertArrayEquals(first[s], second[s], a.name());
            }
        }
    }

    @Test
    void randomSearchOnAToySpaceReachesTheOptimumWithEnoughBudget() {
        SearchSpace space = toySpace(30);
        SearchBenchmark.Curves curves = SearchBenchmark.run(new RandomSearch(0), space, 500, 10, 0);
        assertEquals(space.optimum(), curves.mean(500), 0);
        assertEquals(0, curves.std(500), 0);
        for (double[] run : curves.runs()) {
            for (int t = 1; t < run.length; t++) {
                assertTrue(run[t] >= run[t - 1], "best-so-far never drops");
            }
        }
    }

    @Test
    void evolutionBeatsRandomSearchOnAverageOnASmoothSyntheticTruth() {
        SearchSpace space = fullSpace(false);
        SearchBenchmark.Curves random = SearchBenchmark.run(new RandomSearch(0), space, 300, 10, 0);
        SearchBenchmark.Curves rea = SearchBenchmark.run(new RegularizedEvolution(64, 10, 0, false), space, 300, 10, 0);
        assertTrue(rea.mean(300) > random.mean(300), "REA " + rea.mean(300) + " vs random " + random.mean(300));
    }

    @Test
    void aPerfectProxyMakesGuidedSearchesFindGoodArchsAtOnce() {
        SearchSpace space = fullSpace(true);
        double randomAt50 = SearchBenchmark.run(new RandomSearch(0), space, 50, 10, 0).mean(50);
        double zeroShotAt1 = SearchBenchmark.run(new ZeroShotEvolution(64, 2000), space, 50, 10, 0).mean(1);
        double warmupAt1 = SearchBenchmark.run(new RandomSearch(3000), space, 50, 10, 0).mean(1);
        assertTrue(zeroShotAt1 > randomAt50, "zero-shot best-by-proxy " + zeroShotAt1 + " vs random after 50: " + randomAt50);
        assertTrue(warmupAt1 > randomAt50, "warmup top-1 " + warmupAt1 + " vs random after 50: " + randomAt50);
        double moveAt100 = SearchBenchmark.run(new RegularizedEvolution(64, 10, 3000, true), space, 100, 10, 0).mean(100);
        assertEquals(space.optimum(), moveAt100, 0.02, "warmup + move climbs to the optimum of an additive truth");
    }

    @Test
    void mutationsChangeOneEdgeAndStayInARestrictedSpace() {
        SearchSpace full = fullSpace(false);
        assertEquals(24, full.neighbours(0).length, "6 edges x 4 other ops");
        SearchSpace toy = toySpace(30);
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            int child = toy.mutate(random.nextInt(30), random);
            assertTrue(child >= 0 && child < 30);
        }
    }

    @Test
    void misuseIsRejectedWithTheFix() {
        SearchSpace noProxy = fullSpace(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchBenchmark.run(new ZeroShotEvolution(10, 10), noProxy, 10, 1, 0));
        assertTrue(e.getMessage().contains("--proxy"), e.getMessage());
        Trainer trainer = new Trainer(noProxy, 1);
        trainer.train(0);
        assertThrows(IllegalStateException.class, () -> trainer.train(1));
        assertThrows(IllegalArgumentException.class, () -> new RegularizedEvolution(64, 10, 20, false));
    }
}
