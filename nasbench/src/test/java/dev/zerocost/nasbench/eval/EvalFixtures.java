package dev.zerocost.nasbench.eval;

import dev.zerocost.nasbench.space.Nb201Index;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Tiny synthetic ground truth and zerocost score JSONL written into a test folder. */
public final class EvalFixtures {
    /** Archs in the synthetic truth. */
    public static final int ARCHS = 40;

    private EvalFixtures() {
    }

    /** Accuracy of synthetic arch i: distinct, increasing with i. */
    public static double accuracy(int i) {
        return 50 + i * 0.5;
    }

    /** A ground-truth CSV of archs 0..ARCHS-1 with cifar10 and cifar100 columns. */
    public static Path truth(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("index,arch_str,cifar10_test_acc,cifar100_test_acc\n");
        for (int i = 0; i < ARCHS; i++) {
            csv.append(i).append(',').append(Nb201Index.arch(i)).append(',').append(accuracy(i)).append(',')
                    .append(100 - accuracy(i)).append('\n');
        }
        return Files.writeString(dir.resolve("truth.csv"), csv);
    }

    /**
     * Results for the ARCHS archs plus one arch not in the truth: {@code good} = accuracy + small noise,
     * {@code reversed} = -accuracy, synflow/jacob_cov/snip noisy copies, {@code newproxy} unknown to
     * the registry; arch 3 has a null synflow.
     */
    public static Path results(Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder jsonl = new StringBuilder("{\"zerocost\":\"score\",\"version\":1,\"config\":{\"proxies\":\"all\"}}\n");
        for (int i = 0; i <= ARCHS; i++) {
            double acc = accuracy(i);
            String synflow = i == 3 ? "null" : num(acc + 3 * random.nextGaussian());
            jsonl.append(String.format(Locale.ROOT,
                    "{\"index\":%d,\"arch\":\"%s\",\"scores\":{\"good\":%s,\"reversed\":%s,\"synflow\":%s,\"jacob_cov\":%s,"
                            + "\"snip\":%s,\"newproxy\":%s},\"errors\":{},\"seconds\":{},\"backend\":\"cpu\",\"dataset\":\"cifar10\"}%n",
                    i, Nb201Index.arch(i), num(acc + 0.1 * random.nextGaussian()), num(-acc), synflow,
                    num(acc + 3 * random.nextGaussian()), num(acc + 3 * random.nextGaussian()), num(random.nextDouble())));
        }
        return Files.writeString(dir.resolve("scores.jsonl"), jsonl);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
