package dev.zerocost.nasbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code zerocost} command line: exit 0 ok, 1 some archs failed (recorded), 2 bad usage or input. */
@Command(name = "zerocost", mixinStandardHelpOptions = true, version = "zerocost 0.1.0",
        description = "Zero-cost NAS proxies on NAS-Bench-201, natively on the JVM.",
        subcommands = {ScoreCommand.class, MergeCommand.class, EvalCommand.class, SearchCommand.class,
                ArchCommand.class, BackendsCommand.class, CommandLine.HelpCommand.class})
public final class ZerocostCommand implements Runnable {
    /** Exit codes. */
    public static final int OK = 0;
    public static final int SOME_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see --help)");
    }

    /** Runs the CLI and returns the exit code; user errors are one clear line on stderr, exit 2. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    /**
     * The configured command line (tests set its out and err): user errors (illegal arguments or
     * state, I/O problems) print one line and give exit 2.
     */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new ZerocostCommand());
        // "--archs @FILE" is an arch selection read by ArchSelection, not a picocli argument file
        cli.setExpandAtFiles(false);
        cli.setExitCodeExceptionMapper(e -> BAD_INPUT);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("zerocost: " + e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
