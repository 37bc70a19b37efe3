package dev.zerocost.nasbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zerocost.nasbench.eval.EvalFixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code zerocost eval} run in-process on a tiny synthetic results file and ground truth. */
class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheTableWritesTheCsvAndDrawsPngPlots() throws IOException {
        Path results = EvalFixtures.results(dir);
        Path truth = EvalFixtures.truth(dir);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ZerocostCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("eval", "--results", results.toString(), "--truth", truth.toString(),
                "--bootstrap", "50", "--topk", "20", "--csv", dir.resolve("eval.csv").toString(),
                "--plots", dir.resolve("plots").toString());
        String text = out.toString();
        assertEquals(ZerocostCommand.OK, code, text);
        assertTrue(text.contains("| proxy | n | Kendall tau-b [95% CI]") && text.contains("top-20%"), text);
        assertTrue(text.contains("| good | 40 |") && text.contains("| vote | 39 |"), text);
        assertTrue(text.contains("oriented"), "the output says scores are oriented:\n" + text);
        assertTrue(Files.readString(dir.resolve("eval.csv")).contains("\ncifar10,good,true,40,1,"));
        for (String png : new String[] {"spearman.png", "rank_vs_accuracy_good.png", "rank_vs_accuracy_vote.png"}) {
            BufferedImage image = ImageIO.read(dir.resolve("plots").resolve(png).toFile());
            assertNotNull(image, png + " is a readable PNG");
            assertTrue(image.getWidth() >= 640, png);
        }
    }

    @Test
    void badInputExitsTwoWithAMessageNamingTheFile() throws IOException {
        Path truth = EvalFixtures.truth(dir);
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"arch\": oops}\n{\"arch\":\"x\"}\n");
        StringWriter err = new StringWriter();
        assertEquals(ZerocostCommand.BAD_INPUT, run(err, "eval", "--results", broken.toString(), "--truth", truth.toString()));
        assertTrue(err.toString().contains("broken.jsonl:1"), err.toString());
        assertEquals(ZerocostCommand.BAD_INPUT, run(new StringWriter(), "eval", "--truth", truth.toString()), "--results is required");
        assertEquals(ZerocostCommand.BAD_INPUT, run(new StringWriter(), "eval", "--results", EvalFixtures.results(dir).toString(),
                "--truth", truth.toString(), "--dataset", "mnist"));
    }

    /** Runs with the same error handling as {@link ZerocostCommand#execute}, capturing stderr. */
    static int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new ZerocostCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setExitCodeExceptionMapper(e -> ZerocostCommand.BAD_INPUT);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IOException) {
                commandLine.getErr().println("zerocost: " + e.getMessage());
                return ZerocostCommand.BAD_INPUT;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
