package dev.zerocost.nasbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.nasbench.space.Nb201Index;
import dev.zerocost.proxies.Vote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joining results with ground truth, orientation, the vote row, and one run on the real NB-201 table. */
class EvaluationTest {
    @TempDir
    Path dir;

    @Test
    void evaluatesEveryProxyOnTheArchsThatHaveTruthAndAFiniteScore() throws IOException {
        EvaluationReport report = Evaluation.run(List.of(EvalFixtures.results(dir)), EvalFixtures.truth(dir), null,
                EvalOptions.defaults().withBootstrap(100));
        assertEquals("cifar10", report.dataset(), "taken from the records");
        assertEquals(EvalFixtures.ARCHS, report.joined());
        assertEquals(1, report.missingInTruth());
        ProxyStats good = report.row("good");
        assertEquals(EvalFixtures.ARCHS, good.n());
        assertTrue(good.spearman() > 0.99, "good tracks accuracy: " + good.spearman());
        assertTrue(good.spearmanCi().low() <= good.spearman() && good.spearman() <= good.spearmanCi().high());
        assertEquals(-1.0, report.row("reversed").kendall(), 1e-12);
        assertEquals(EvalFixtures.ARCHS - 1, report.row("synflow").n(), "the null synflow of arch 3 is dropped");
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("'newproxy'") && n.contains("higher-is-better")));
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("not in the ground truth")));
    }

    @Test
    void infiniteScoresRankBeyondTheFiniteOnesAndPearsonUsesTheFiniteOnly() throws IOException {
        // nwot = accuracy, except the 3 worst archs score -Infinity (a singular NASWOT kernel) and
        // arch 5 has no score; "lower" (lower is better, like fisher's registry entry is not) is
        // not needed: nwot is higher-is-better
        StringBuilder jsonl = new StringBuilder("{\"zerocost\":\"score\",\"version\":1,\"config\":{}}\n");
        for (int i = 0; i < EvalFixtures.ARCHS; i++) {
            // arch 0 as files of earlier versions hold it: null plus the error naming the value
            String nwot = i == 0 ? "null" : i < 3 ? "\"-Infinity\"" : i == 5 ? "null"
                    : String.format(Locale.ROOT, "%.3f", EvalFixtures.accuracy(i) * 2);
            String errors = i == 0 ? "{\"nwot\":\"score is -Infinity\"}" : i == 5 ? "{\"nwot\":\"failed\"}" : "{}";
            jsonl.append(String.format(Locale.ROOT, "{\"index\":%d,\"arch\":\"%s\",\"scores\":{\"nwot\":%s},\"errors\":%s,"
                    + "\"seconds\":{},\"backend\":\"cpu\",\"dataset\":\"cifar10\"}%n", i, Nb201Index.arch(i), nwot, errors));
        }
        Path results = Files.writeString(dir.resolve("inf.jsonl"), jsonl);
        EvaluationReport report = Evaluation.run(List.of(results), EvalFixtures.truth(dir), "cifar10",
                EvalOptions.defaults().withBootstrap(0));
        ProxyStats nwot = report.row("nwot");
        assertEquals(EvalFixtures.ARCHS - 1, nwot.n(), "the -Infinity archs count; only the null one is dropped");
        assertEquals(1, nwot.dropped());
        // the same ranking with the -Infinity scores written as a finite value below all others
        double[] standIn = new double[EvalFixtures.ARCHS - 1];
        double[] acc = new double[standIn.length];
        for (int i = 0, k = 0; i < EvalFixtures.ARCHS; i++) {
            if (i != 5) {
                standIn[k] = i < 3 ? -1e9 : EvalFixtures.accuracy(i) * 2;
                acc[k++] = EvalFixtures.accuracy(i);
            }
        }
        assertEquals(Correlations.spearman(standIn, acc), nwot.spearman(), 1e-15, "the three -Infinity archs rank last, tied");
        assertEquals(KendallTau.tauB(standIn, acc), nwot.kendall(), 1e-15);
        assertTrue(nwot.spearman() > 0.999 && nwot.spearman() < 1.0, "only their tie keeps rho below 1: " + nwot.spearman());
        assertEquals(1.0, nwot.pearson(), 1e-9, "Pearson over the finite scores, which are linear in accuracy");
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("nwot: 3 archs") && n.contains("infinite")),
                "a note says so: " + report.notes());
    }

    @Test
    void theVoteRowAndAgreementUseSynflowJacobCovAndSnip() throws IOException {
        EvaluationReport report = Evaluation.run(List.of(EvalFixtures.results(dir)), EvalFixtures.truth(dir), "cifar10",
                EvalOptions.defaults().withBootstrap(0));
        ScoreTable scores = ResultsFile.read(List.of(dir.resolve("scores.jsonl")));
        List<String> archs = scores.archs().subList(0, EvalFixtures.ARCHS);
        double[][] voters = new double[3][EvalFixtures.ARCHS];
        double[] truth = new double[EvalFixtures.ARCHS];
        for (int i = 0; i < EvalFixtures.ARCHS; i++) {
            for (int p = 0; p < 3; p++) {
                voters[p][i] = scores.score(archs.get(i), Evaluation.VOTERS.get(p));
            }
            truth[i] = EvalFixtures.accuracy(i);
        }
        boolean[] higher = {true, true, true};
        assertEquals(Vote.pairwiseAgreement(voters, higher, truth), report.voteAgreement(), 1e-15);
        ProxyStats vote = report.row("vote");
        assertNotNull(vote);
        assertEquals(EvalFixtures.ARCHS - 1, vote.n(), "arch 3 has no synflow, so no vote");
        assertTrue(vote.spearman() > 0.8, "three noisy copies of accuracy vote well: " + vote.spearman());
        String md = report.markdown();
        assertTrue(md.contains("| vote |") && md.contains("pairwise agreement") && md.contains("published 0.817"), md);
        assertTrue(md.contains("| synflow |") && md.contains("0.54 / 0.73"), "ZiCo's synflow numbers beside ours:\n" + md);
    }

    @Test
    void theCsvHasOneRowPerProxyWithTheIntervals() throws IOException {
        EvaluationReport report = Evaluation.run(List.of(EvalFixtures.results(dir)), EvalFixtures.truth(dir), "cifar100",
                EvalOptions.defaults().withBootstrap(50));
        Path csv = dir.resolve("out/eval.csv");
        report.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("dataset,proxy,higher_is_better,n,dropped,kendall,kendall_low,kendall_high"));
        assertEquals(report.rows().size() + 1, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("cifar100,reversed,true,40,1,1.0")),
                "cifar100 accuracy is 100 - cifar10, so reversed correlates +1:\n" + lines);
    }

    @Test
    void aMissingColumnNamesTheColumnsAndTheOption() throws IOException {
        Path truth = EvalFixtures.truth(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroundTruth.read(truth, "imagenet16-120", null, null));
        assertTrue(e.getMessage().contains("imagenet16_120_test_acc") && e.getMessage().contains("--acc-column"), e.getMessage());
    }

    @Test
    void aNoisyFunctionOfTheRealNb201AccuracyGivesAHighSpearman() throws IOException {
        Path truth = Path.of(System.getProperty("zerocost.shared", "../shared")).resolve("data/nb201/nb201_ground_truth.csv");
        if (!Files.isRegularFile(truth)) {
            String reason = "SKIPPED: " + truth.toAbsolutePath() + " is absent (set -Dzerocost.shared=DIR)";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
        Map<String, Double> acc = GroundTruth.read(truth, "cifar10", null, null).all();
        assertEquals(15625, acc.size());
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder jsonl = new StringBuilder("{\"zerocost\":\"score\",\"version\":1,\"config\":{}}\n");
        List<String> sample = new ArrayList<>(acc.keySet()).subList(0, 2000);
        for (String arch : sample) {
            double noisy = Math.exp(acc.get(arch) / 10) * (1 + 0.1 * random.nextGaussian());
            jsonl.append(String.format(Locale.ROOT, "{\"index\":%d,\"arch\":\"%s\",\"scores\":{\"noisy\":%.9g}}%n",
                    Nb201Index.indexOf(dev.zerocost.nasbench.space.Arch.parse(arch)), arch, noisy));
        }
        Path results = Files.writeString(dir.resolve("real.jsonl"), jsonl);
        EvaluationReport report = Evaluation.run(List.of(results), truth, "cifar10", EvalOptions.defaults().withBootstrap(20));
        ProxyStats noisy = report.row("noisy");
        assertEquals(2000, noisy.n());
        assertTrue(noisy.spearman() > 0.8, "Spearman " + noisy.spearman());
        assertTrue(noisy.kendall() < noisy.spearman(), "tau below rho for a monotone noisy relation");
    }
}
