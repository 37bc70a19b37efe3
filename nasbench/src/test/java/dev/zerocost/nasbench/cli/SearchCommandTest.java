package dev.zerocost.nasbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.nasbench.eval.EvalFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code zerocost search} run in-process on a tiny synthetic ground truth and results file. */
class SearchCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsEveryAlgorithmOnTheScoredArchsAndDrawsThePlot() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ZerocostCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("search", "--truth", EvalFixtures.truth(dir).toString(),
                "--results", EvalFixtures.results(dir).toString(), "--proxy", "synflow", "--budget", "30",
                "--checkpoints", "1,10,30", "--seeds", "3", "--population", "8", "--sample", "3", "--warmup", "20",
                "--zero-shot-iterations", "50", "--plot", dir.resolve("plots").toString());
        String text = out.toString();
        assertEquals(ZerocostCommand.OK, code, text);
        for (String name : new String[] {"| random |", "| REA |", "| random + zero-cost warmup 20 |",
                "| REA + zero-cost warmup 20 + zero-cost move |", "| zero-shot evolution (50 proxy evals) |"}) {
            assertTrue(text.contains(name), name + " in\n" + text);
        }
        assertTrue(text.contains("restricted to the 39 archs"), "arch 3 lacks synflow, arch 40 lacks truth:\n" + text);
        assertTrue(text.contains("| 30 trained |") && text.contains("fewer than 10 seeds"), text);
        assertTrue(text.contains("best accuracy in the space: 69.50"), text);
        assertTrue(Files.size(dir.resolve("plots/search.png")) > 1000);
    }

    @Test
    void aProxyWithoutResultsIsBadUsage() throws IOException {
        StringWriter err = new StringWriter();
        assertEquals(ZerocostCommand.BAD_INPUT, EvalCommandTest.run(err, "search", "--truth",
                EvalFixtures.truth(dir).toString(), "--proxy", "synflow"));
        assertTrue(err.toString().contains("needs --results"), err.toString());
    }
}
